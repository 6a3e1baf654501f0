using CoProduction.Store.FreeText;
using CoProduction.Store.Tests.Postgres;
using CoProduction.Store.Tests.TestSupport;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CoProduction.Store.Tests.FreeText;

/// <summary>Tagging written answers with themes, and the counts. Runs on SQLite and PostgreSQL.</summary>
public abstract class AnswerTagsTests(IStoreBackend backend) : IAsyncLifetime
{
    private static readonly Actor Staff = new("Alex Staff", null);
    private TestStore _store = null!;
    private long _transport, _food;

    public async Task InitializeAsync()
    {
        _store = await TestStore.CreateAsync(backend);
        await _store.PublishAsync(SampleSurveys.Checkin());
        _transport = (await _store.InScope(sp => sp.GetRequiredService<ThemeBook>().AddAsync("checkin", "Transport", default))).Value!.Id;
        _food = (await _store.InScope(sp => sp.GetRequiredService<ThemeBook>().AddAsync("checkin", "Food", default))).Value!.Id;
    }

    public async Task DisposeAsync() => await _store.DisposeAsync();

    private Task<T> Tags<T>(Func<AnswerTags, Task<T>> work) => _store.InScope(sp => work(sp.GetRequiredService<AnswerTags>()));

    private Task<int> StoredTags() => _store.Db(db => db.Set<AnswerTag>().CountAsync());

    [Fact]
    public async Task TagAsync_IsIdempotent_AndRemembersWhoTagged()
    {
        var answer = (await FreeTextData.AddWrittenAsync(_store, null, "The bus is always late"))[0];

        await Tags(t => t.TagAsync("checkin", answer, [_transport], Staff, default));
        var again = await Tags(t => t.TagAsync("checkin", answer, [_transport, _transport], Staff, default));

        Assert.Equal([_transport], again.Value);
        var tag = Assert.Single(await _store.Db(db => db.Set<AnswerTag>().AsNoTracking().ToListAsync()));
        Assert.Equal("Alex Staff", tag.TaggedBy);
    }

    [Fact]
    public async Task TagAsync_LeavesOneTag_WhenTheSameTagArrivesTenTimesAtOnce()
    {
        var answer = (await FreeTextData.AddWrittenAsync(_store, null, "The bus is always late"))[0];

        var outcomes = await Task.WhenAll(Enumerable.Range(0, 10).Select(_ => Tags(t => t.TagAsync("checkin", answer, [_transport], Staff, default))));

        Assert.All(outcomes, o => Assert.True(o.Succeeded, o.Detail));
        Assert.Equal(1, await StoredTags());
    }

    [Fact]
    public async Task Database_RefusesTheSameTagTwice_EvenWithoutTheBook()
    {
        var answer = (await FreeTextData.AddWrittenAsync(_store, null, "The bus is always late"))[0];
        await Tags(t => t.TagAsync("checkin", answer, [_transport], Staff, default));

        await Assert.ThrowsAsync<DbUpdateException>(() => _store.Db(db =>
        {
            db.Add(new AnswerTag { AnswerId = answer, ThemeId = _transport, SurveyId = "checkin", TaggedBy = "someone" });
            return db.SaveChangesAsync();
        }));
    }

    [Fact]
    public async Task SetAsync_MakesTheAnswersThemesExactlyThoseGiven()
    {
        var answer = (await FreeTextData.AddWrittenAsync(_store, null, "Late buses and cold food"))[0];
        await Tags(t => t.TagAsync("checkin", answer, [_transport], Staff, default));

        var set = await Tags(t => t.SetAsync("checkin", answer, [_food], Staff, default));

        Assert.Equal([_food], set.Value);
    }

    [Fact]
    public async Task TagAsync_RefusesARetiredTheme_ButAnAnswerKeepsOneItHad()
    {
        var answers = await FreeTextData.AddWrittenAsync(_store, null, "The bus is late", "Taxis cost too much");
        await Tags(t => t.TagAsync("checkin", answers[0], [_transport], Staff, default));
        await _store.InScope(sp => sp.GetRequiredService<ThemeBook>().RetireAsync("checkin", _transport, default));

        var refused = await Tags(t => t.TagAsync("checkin", answers[1], [_transport], Staff, default));
        var kept = await Tags(t => t.SetAsync("checkin", answers[0], [_transport, _food], Staff, default));

        Assert.Equal(FreeTextStatus.Invalid, refused.Status);
        Assert.Contains("retired", refused.Detail);
        Assert.Equal([_transport, _food], kept.Value!.Order());
    }

    [Fact]
    public async Task TagAsync_RefusesAThemeOrAnswerOfAnotherSurvey_OrAnAnswerThatIsNotWritten()
    {
        var answer = (await FreeTextData.AddWrittenAsync(_store, null, "The bus is late"))[0];
        await ResultsData.AddPeopleAsync(_store, null, 1, "happy=4");
        var number = await _store.Db(db => db.Answers.Where(a => a.QuestionId == "happy").Select(a => a.Id).FirstAsync());

        Assert.Equal(FreeTextStatus.Invalid, (await Tags(t => t.TagAsync("checkin", answer, [999999], Staff, default))).Status);
        Assert.Equal(FreeTextStatus.NotFound, (await Tags(t => t.TagAsync("other", answer, [_transport], Staff, default))).Status);
        var notWritten = await Tags(t => t.TagAsync("checkin", number, [_transport], Staff, default));
        Assert.Equal(FreeTextStatus.NotFound, notWritten.Status);
        Assert.Contains("not a written answer", notWritten.Detail);
        Assert.Equal(0, await StoredTags());
    }

    [Fact]
    public async Task CountAsync_CountsAnswersPerTheme_InOneRound_AndOnlyUpToATime()
    {
        var round = await ResultsData.AddRoundAsync(_store);
        var inRound = await FreeTextData.AddWrittenAsync(_store, round, "Late bus", "Cold food and late bus", "No bus on Sunday");
        var outside = await FreeTextData.AddWrittenAsync(_store, null, "Bus again");
        foreach (var a in inRound.Concat(outside)) await Tags(t => t.TagAsync("checkin", a, [_transport], Staff, default));
        await Tags(t => t.TagAsync("checkin", inRound[1], [_food], Staff, default));

        var all = await Tags(t => t.CountAsync("checkin", "change", null, null, default));
        var one = await Tags(t => t.CountAsync("checkin", "change", round, null, default));
        var early = await Tags(t => t.CountAsync("checkin", "change", round, TestStore.Start.AddMinutes(90), default));

        Assert.Equal([("Transport", 4), ("Food", 1)], all.Select(c => (c.Name, c.Answers)));
        Assert.Equal([("Transport", 3), ("Food", 1)], one.Select(c => (c.Name, c.Answers)));
        Assert.Equal([("Transport", 2), ("Food", 1)], early.Select(c => (c.Name, c.Answers)));
    }

    [Fact]
    public async Task UntagAsync_RemovesOneTag()
    {
        var answer = (await FreeTextData.AddWrittenAsync(_store, null, "Late buses and cold food"))[0];
        await Tags(t => t.TagAsync("checkin", answer, [_transport, _food], Staff, default));

        var left = await Tags(t => t.UntagAsync("checkin", answer, _transport, default));

        Assert.Equal([_food], left.Value);
    }

    public sealed class OnSqlite() : AnswerTagsTests(SqliteBackend.Instance);

    [Collection(PostgresCollection.Name)]
    public sealed class OnPostgres(PostgresServer server) : AnswerTagsTests(server.DatabaseFor<OnPostgres>());
}
