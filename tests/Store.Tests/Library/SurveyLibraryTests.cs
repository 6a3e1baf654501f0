using CoProduction.Store.Library;
using CoProduction.Store.Model;
using CoProduction.Store.Tests.Postgres;
using CoProduction.Store.Tests.TestSupport;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CoProduction.Store.Tests.Library;

// The YAML parser is still being written, so these tests go through the ISurveyParser seam
// with FakeSurveyParser; SurveyLibrary calls the parser in exactly one place.
/// <summary>Runs on SQLite and on PostgreSQL: see the nested <see cref="OnSqlite"/> and <see cref="OnPostgres"/>.</summary>
public abstract class SurveyLibraryTests(IStoreBackend backend) : IAsyncLifetime
{
    private TestStore _store = null!;

    public async Task InitializeAsync() => _store = await TestStore.CreateAsync(backend);
    public async Task DisposeAsync() => await _store.DisposeAsync();

    private Task<T> Library<T>(Func<SurveyLibrary, Task<T>> work) =>
        _store.InScope(sp => work(sp.GetRequiredService<SurveyLibrary>()));

    [Fact]
    public async Task ImportAsync_RefusesABadFile_AndWritesNothing()
    {
        var result = await Library(l => l.ImportAsync("id: checkin\nquestions: [oops", CancellationToken.None));

        Assert.False(result.Succeeded);
        Assert.Equal([FakeSurveyParser.BadFile], result.Errors);
        Assert.Equal((0, 0), await _store.Db(async db => (await db.Surveys.CountAsync(), await db.SurveyVersions.CountAsync())));
    }

    [Fact]
    public async Task ImportAsync_StoresANewSurveyAsADraftWithVersionOne()
    {
        var yaml = _store.Parser.FileFor(SampleSurveys.Checkin());

        var result = await Library(l => l.ImportAsync(yaml, CancellationToken.None));

        Assert.Equal(("checkin", (int?)1, true), (result.SurveyId, result.Version, result.NewVersion));
        var survey = await _store.Db(db => db.Surveys.SingleAsync());
        Assert.Equal((SurveyStatus.Draft, "CHECKIN", (int?)null), (survey.Status, survey.Keyword, survey.PublishedVersion));
        Assert.Equal(yaml, await _store.Db(db => db.SurveyVersions.Select(v => v.Yaml).SingleAsync()));
    }

    [Fact]
    public async Task ImportAsync_AddsAVersionOnlyWhenTheFileChanged()
    {
        var first = _store.Parser.FileFor(SampleSurveys.Checkin(), "1");
        var changed = _store.Parser.FileFor(SampleSurveys.Checkin(title: "Check-in 2027"), "2");

        var again = await Library(async l =>
        {
            await l.ImportAsync(first, CancellationToken.None);
            return await l.ImportAsync(first.Replace("\n", "\r\n"), CancellationToken.None);
        });
        var next = await Library(l => l.ImportAsync(changed, CancellationToken.None));

        Assert.Equal(((int?)1, false), (again.Version, again.NewVersion));
        Assert.Equal(((int?)2, true), (next.Version, next.NewVersion));
        Assert.Equal("Check-in 2027", await _store.Db(db => db.Surveys.Select(s => s.Title).SingleAsync()));
    }

    [Fact]
    public async Task PublishAsync_PublishesTheLatestVersion_AndPublishingTwiceIsFine()
    {
        await Library(l => l.ImportAsync(_store.Parser.FileFor(SampleSurveys.Checkin(), "1"), CancellationToken.None));
        await Library(l => l.ImportAsync(_store.Parser.FileFor(SampleSurveys.Checkin(), "2"), CancellationToken.None));

        var once = await Library(l => l.PublishAsync("checkin", CancellationToken.None));
        _store.Time.Advance(TimeSpan.FromHours(1));
        var twice = await Library(l => l.PublishAsync("checkin", CancellationToken.None));

        Assert.Equal((PublishStatus.Published, (int?)2), (once.Status, once.Version));
        Assert.Equal((PublishStatus.Published, (int?)2), (twice.Status, twice.Version));
        var survey = await _store.Db(db => db.Surveys.SingleAsync());
        Assert.Equal((SurveyStatus.Published, (int?)2), (survey.Status, survey.PublishedVersion));
        var publishedAt = await _store.Db(db => db.SurveyVersions.OrderBy(v => v.Version).Select(v => v.PublishedAt).ToListAsync());
        Assert.Equal([null, TestStore.Start], publishedAt);
    }

    [Fact]
    public async Task PublishAsync_ReturnsNotFound_ForAnUnknownSurvey()
    {
        Assert.Equal(PublishStatus.NotFound, (await Library(l => l.PublishAsync("nope", CancellationToken.None))).Status);
    }

    [Fact]
    public async Task PublishAsync_ReturnsConflictWithAPlainReason_WhenAnotherPublishedSurveyUsesTheKeyword()
    {
        await _store.PublishAsync(SampleSurveys.Checkin(id: "other", keyword: "CHECKIN"));
        await Library(l => l.ImportAsync(_store.Parser.FileFor(SampleSurveys.Checkin(keyword: "checkin")), CancellationToken.None));

        var result = await Library(l => l.PublishAsync("checkin", CancellationToken.None));

        Assert.Equal(PublishStatus.Conflict, result.Status);
        Assert.Equal("The keyword CHECKIN is already used by the published survey 'other'. Choose another keyword.", result.Reason);
        Assert.Equal(SurveyStatus.Draft, await _store.Db(db => db.Surveys.Where(s => s.Id == "checkin").Select(s => s.Status).SingleAsync()));
    }

    [Fact]
    public async Task PublishAsync_ReturnsConflict_ForAKeywordPeopleUseToStop()
    {
        await Library(l => l.ImportAsync(_store.Parser.FileFor(SampleSurveys.Checkin(keyword: "STOP")), CancellationToken.None));

        var result = await Library(l => l.PublishAsync("checkin", CancellationToken.None));

        Assert.Equal(PublishStatus.Conflict, result.Status);
        Assert.Contains("STOP", result.Reason);
    }

    [Fact]
    public async Task ListAsync_CountsResponsesAndCompletions_LeavingOutSessionsStartedAgain()
    {
        await _store.PublishAsync(SampleSurveys.Checkin());
        await _store.Db(async db =>
        {
            var person = new Person { Id = Guid.NewGuid(), Phone = "+447700900123" };
            db.People.Add(person);
            foreach (var status in new[] { Surveys.Engine.SessionStatus.Completed, Surveys.Engine.SessionStatus.Active, Surveys.Engine.SessionStatus.Abandoned })
            {
                db.Sessions.Add(new Session { Id = Guid.NewGuid(), PersonId = person.Id, SurveyId = "checkin", Version = 1, Status = status, StateJson = "{}" });
            }
            return await db.SaveChangesAsync();
        });

        var list = await Library(l => l.ListAsync(CancellationToken.None));

        Assert.Equal([new SurveySummary("checkin", "Yearly check-in", "CHECKIN", SurveyStatus.Published, 1, 2, 1)], list);
    }

    [Fact]
    public async Task ImportFolderAsync_ImportsAndPublishesEachFileOnce_AndIsSafeToRunAtEveryStart()
    {
        var folder = Path.Combine(_store.Folder, "surveys");
        Directory.CreateDirectory(folder);
        await File.WriteAllTextAsync(Path.Combine(folder, "checkin.yaml"), _store.Parser.FileFor(SampleSurveys.Checkin()));
        await File.WriteAllTextAsync(Path.Combine(folder, "notes.txt"), "not a survey");

        var first = await Library(l => l.ImportFolderAsync(folder, publish: true, CancellationToken.None));
        var second = await Library(l => l.ImportFolderAsync(folder, publish: true, CancellationToken.None));

        Assert.Equal((1, 1), (first, second));
        var survey = await _store.Db(db => db.Surveys.SingleAsync());
        Assert.Equal((SurveyStatus.Published, (int?)1), (survey.Status, survey.PublishedVersion));
        Assert.Equal(1, await _store.Db(db => db.SurveyVersions.CountAsync()));
    }

    [Fact]
    public async Task ImportFolderAsync_StopsWithTheFileName_WhenAFileHasErrors()
    {
        var folder = Path.Combine(_store.Folder, "surveys");
        Directory.CreateDirectory(folder);
        await File.WriteAllTextAsync(Path.Combine(folder, "broken.yaml"), "id: [");

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => Library(l => l.ImportFolderAsync(folder, true, CancellationToken.None)));

        Assert.Contains("broken.yaml", error.Message);
        Assert.Contains("Line 3", error.Message);
    }

    public sealed class OnSqlite() : SurveyLibraryTests(SqliteBackend.Instance);

    [Collection(PostgresCollection.Name)]
    public sealed class OnPostgres(PostgresServer server) : SurveyLibraryTests(server.DatabaseFor<OnPostgres>());
}
