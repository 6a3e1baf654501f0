using CoProduction.Store.Results;
using CoProduction.Store.Tests.Postgres;
using CoProduction.Store.Tests.TestSupport;
using Microsoft.Extensions.DependencyInjection;

namespace CoProduction.Store.Tests.Results;

/// <summary>
/// The public page's figures, from released rounds, against hand-computed ones. In the renders:
/// a number is shown, "&lt;" is "fewer than 5", "-" is hidden. Runs on SQLite and PostgreSQL.
/// </summary>
public abstract class PublicResultsQueryTests(IStoreBackend backend) : IAsyncLifetime
{
    private TestStore _store = null!;

    public async Task InitializeAsync()
    {
        _store = await TestStore.CreateAsync(backend);
        await _store.PublishAsync(SampleSurveys.Checkin());
    }

    public async Task DisposeAsync() => await _store.DisposeAsync();

    /// <summary>
    /// 12 people: happy 4 (7), 5 (3), 2 (2); safe yes (10), unclear (2); matters friends (6), work (6);
    /// and a text answer with a name and a phone number from each.
    /// </summary>
    private async Task<Guid> FirstRoundAsync()
    {
        var round = await ResultsData.AddRoundAsync(_store);
        await ResultsData.AddPeopleAsync(_store, round, 6, "happy=4 safe=yes matters=friends change=text:Call_Alice_on_07700900123");
        await ResultsData.AddPeopleAsync(_store, round, 1, "happy=4 safe=yes matters=work change=-");
        await ResultsData.AddPeopleAsync(_store, round, 3, "happy=5 safe=yes matters=work");
        await ResultsData.AddPeopleAsync(_store, round, 2, "happy=2 safe=? matters=work");
        return round;
    }

    private Task<ReleaseOutcome> Release(Guid? round) =>
        _store.InScope(sp => sp.GetRequiredService<ResultsReleases>().PublishAsync("checkin", round, CancellationToken.None));

    private Task<PublicResults?> Page(string language = "en") =>
        _store.InScope(sp => sp.GetRequiredService<PublicResultsQuery>().GetAsync("checkin", language, CancellationToken.None));

    private static string Render(PublicQuestion question) =>
        string.Join(" ", question.Answers.Select(a => a.Key + "=" + a.Cell.Disclosure switch
        {
            Disclosure.Shown => a.Cell.Count!.Value.ToString() + (a.Change is { } c ? $"({c:+0;-0;0})" : ""),
            Disclosure.FewerThan => "<",
            _ => "-",
        }));

    [Fact]
    public async Task GetAsync_HidesTheTwelvePeople_OnceTheBoardRaisesTheSmallestGroupTo15()
    {
        await Release(await FirstRoundAsync());
        var atTen = await Page();

        await _store.InScope(sp => sp.GetRequiredService<DisclosureSettings>().RaiseAsync(15, null, "Sam", null, CancellationToken.None));
        var atFifteen = await Page();

        // 12 people answered: shown while the smallest group is 10, not once it is 15.
        Assert.Equal((12, 10), (atTen!.Responses, atTen.MinimumGroup));
        Assert.Equal("1=0 2=< 3=0 4=7 5=<", Render(atTen.Questions[0]));
        Assert.Equal(((int?)null, 15), (atFifteen!.Responses, atFifteen.MinimumGroup));
        Assert.Empty(atFifteen.Questions);
    }

    [Fact]
    public async Task GetAsync_InWelsh_ShowsEachActionInWelsh_OrInEnglishWhenItHasNoWelsh()
    {
        await Release(await FirstRoundAsync());
        await _store.InScope(sp => sp.GetRequiredService<ActionBook>().RecordAsync("checkin", null, null, "The pool closed", "not-possible", "Too costly",
            new ActionWelsh("Caeodd y pwll", "Rhy ddrud"), CancellationToken.None));
        await _store.InScope(sp => sp.GetRequiredService<ActionBook>().RecordAsync("checkin", null, null, "A new minibus", "done", null, CancellationToken.None));

        var welsh = await Page("cy");
        var english = await Page("en");

        Assert.Equal(["A new minibus ()", "Caeodd y pwll (Rhy ddrud)"], welsh!.Actions.Select(a => $"{a.Text} ({a.Why})"));
        Assert.Equal(["A new minibus ()", "The pool closed (Too costly)"], english!.Actions.Select(a => $"{a.Text} ({a.Why})"));
    }

    [Fact]
    public async Task GetAsync_IsNull_UntilResultsAreReleased()
    {
        await FirstRoundAsync();

        Assert.Null(await Page());
    }

    [Fact]
    public async Task GetAsync_ShowsOnlyDisclosedFigures_AndNoTextOrDateAnswers()
    {
        await Release(await FirstRoundAsync());

        var page = await Page();

        Assert.NotNull(page);
        Assert.Equal(12, page.Responses);
        Assert.Equal(["happy", "safe", "matters"], page.Questions.Select(q => q.Id));
        var q = page.Questions.ToDictionary(x => x.Id);
        // 2 and 5 are both small (2 and 3): together 5, which could be 1+4 ... 4+1.
        Assert.Equal("1=0 2=< 3=0 4=7 5=<", Render(q["happy"]));
        // unclear (2) alone would be 12 - 10 - 0; so yes is hidden too.
        Assert.Equal("yes=- no=0 unclear=<", Render(q["safe"]));
        Assert.Equal("friends=6 work=6", Render(q["matters"]));
        Assert.Equal(12, q["happy"].Total);
        Assert.Equal("Friends and family", q["matters"].Answers[0].Label);
    }

    [Fact]
    public async Task GetAsync_WithholdsEveryFigure_WhenFewerThanTenAnswered()
    {
        var round = await ResultsData.AddRoundAsync(_store);
        await ResultsData.AddPeopleAsync(_store, round, 9, "happy=4 safe=yes matters=work");
        await Release(round);

        var page = await Page();

        Assert.Null(page!.Responses);
        Assert.Empty(page.Questions);
    }

    [Fact]
    public async Task GetAsync_KeepsReleasedFiguresFrozen_WhenLateAnswersArrive()
    {
        var round = await FirstRoundAsync();
        await Release(round);

        // One late answer would turn "7" into "8" and tell anyone comparing what that person said.
        await ResultsData.AddPeopleAsync(_store, round, 1, "happy=4 safe=yes matters=work");
        var page = await Page();

        Assert.Equal(12, page!.Responses);
        Assert.Equal("1=0 2=< 3=0 4=7 5=<", Render(page.Questions[0]));
    }

    [Fact]
    public async Task GetAsync_ComparesWithThePreviousRelease_OnlyWhereBothCountsAreShown()
    {
        await Release(await FirstRoundAsync());
        _store.Time.Advance(TimeSpan.FromDays(90));
        var second = await ResultsData.AddRoundAsync(_store);
        await ResultsData.AddPeopleAsync(_store, second, 9, "happy=4 safe=yes matters=friends");
        await ResultsData.AddPeopleAsync(_store, second, 2, "happy=4 safe=no matters=work");
        await ResultsData.AddPeopleAsync(_store, second, 4, "happy=5 safe=no matters=work");
        await Release(second);

        var page = await Page();

        Assert.Equal(15, page!.Responses);
        Assert.NotNull(page.Previous);
        var q = page.Questions.ToDictionary(x => x.Id);
        // friends 6 -> 9, work 6 -> 6: both shown both times.
        Assert.Equal("friends=9(+3) work=6(0)", Render(q["matters"]));
        // 5 was "fewer than 5" last time (3) and 4 now: no change shown for it; 4 (11) is hidden beside it.
        Assert.Equal("1=0(0) 2=0 3=0(0) 4=- 5=<", Render(q["happy"]));
        // yes 9, no 6: last time yes was hidden, so no change is shown for it; no was 0.
        Assert.Equal("yes=9 no=6(+6)", Render(q["safe"]));
    }

    [Fact]
    public async Task GetAsync_UsesTheSurveysWording_AndListsActions()
    {
        var round = await FirstRoundAsync();
        await Release(round);
        await _store.InScope(sp => sp.GetRequiredService<ActionBook>().RecordAsync("checkin", "happy", round, "We visit more often", "planned", null, CancellationToken.None));
        await _store.InScope(sp => sp.GetRequiredService<ActionBook>().RecordAsync("checkin", null, null, "A new minibus", "not-possible", "No money this year", CancellationToken.None));

        var page = await Page("cy");

        Assert.Equal("cy", page!.Language);
        Assert.Equal("How happy are you?", page.Questions[0].Text);
        Assert.Equal(["We visit more often"], page.Questions[0].Actions.Select(a => a.Text));
        var general = Assert.Single(page.Actions);
        Assert.Equal(("A new minibus", CoProduction.Store.Model.ActionStatus.NotPossible, "No money this year"), (general.Text, general.Status, general.Why));
    }

    public sealed class OnSqlite() : PublicResultsQueryTests(SqliteBackend.Instance);

    [Collection(PostgresCollection.Name)]
    public sealed class OnPostgres(PostgresServer server) : PublicResultsQueryTests(server.DatabaseFor<OnPostgres>());
}
