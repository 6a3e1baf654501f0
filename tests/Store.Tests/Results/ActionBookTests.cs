using CoProduction.Store.Model;
using CoProduction.Store.Results;
using CoProduction.Store.Tests.Postgres;
using CoProduction.Store.Tests.TestSupport;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CoProduction.Store.Tests.Results;

/// <summary>"You said, we did" actions. Runs on SQLite and PostgreSQL.</summary>
public abstract class ActionBookTests(IStoreBackend backend) : IAsyncLifetime
{
    private TestStore _store = null!;

    public async Task InitializeAsync()
    {
        _store = await TestStore.CreateAsync(backend);
        await _store.PublishAsync(SampleSurveys.Checkin());
    }

    public async Task DisposeAsync() => await _store.DisposeAsync();

    private Task<ActionOutcome> Record(string? question, Guid? round, string? text, string? status, string? why = null, string survey = "checkin") =>
        _store.InScope(sp => sp.GetRequiredService<ActionBook>().RecordAsync(survey, question, round, text, status, why, CancellationToken.None));

    private Task<List<SurveyAction>> Stored() => _store.Db(db => db.SurveyActions.AsNoTracking().ToListAsync());

    [Fact]
    public async Task RecordAsync_KeepsOneAction_WhoseStatusMovesOn_WhenTheSameActionComesAgain()
    {
        var round = await ResultsData.AddRoundAsync(_store);
        var first = await Record("happy", round, "We will visit more often", "planned");
        var again = await Record("happy", round, "we will  visit more often ", "done");

        Assert.True(first.Created);
        Assert.False(again.Created);
        Assert.Equal(first.Id, again.Id);
        var action = Assert.Single(await Stored());
        Assert.Equal((ActionStatus.Done, "happy", (Guid?)round), (action.Status, action.QuestionId, action.RoundId));
    }

    [Fact]
    public async Task RecordAsync_StoresOne_WhenTheSameActionArrivesTwiceAtOnce()
    {
        var outcomes = await Task.WhenAll(Record(null, null, "A new minibus", "planned"), Record(null, null, "A new minibus", "planned"));

        Assert.All(outcomes, o => Assert.Null(o.Problem));
        Assert.Single(await Stored());
        Assert.Single(outcomes.Select(o => o.Id).Distinct());
    }

    [Theory]
    [InlineData(null, "", "done", "Say what was done")]
    [InlineData(null, "Painted the lounge", "finished", "\"status\" must be")]
    [InlineData(null, "Painted the lounge", null, "\"status\" must be")]
    [InlineData("nope", "Painted the lounge", "done", "has no question 'nope'")]
    public async Task RecordAsync_RefusesWithAPlainReason_AndStoresNothing(string? question, string? text, string? status, string reason)
    {
        var outcome = await Record(question, null, text, status);

        Assert.Contains(reason, outcome.Problem);
        Assert.Empty(await Stored());
    }

    [Fact]
    public async Task RecordAsync_RefusesARoundOfAnotherSurvey()
    {
        var outcome = await Record(null, Guid.NewGuid(), "Painted the lounge", "done");

        Assert.Contains("has no round", outcome.Problem);
        Assert.Empty(await Stored());
    }

    [Fact]
    public async Task RecordAsync_SaysTheSurveyIsMissing()
    {
        var outcome = await Record(null, null, "Painted the lounge", "done", survey: "nope");

        Assert.True(outcome.SurveyMissing);
    }

    [Fact]
    public async Task RecordAsync_KeepsWhyItIsNotPossible()
    {
        await Record(null, null, "A swimming trip every week", "not-possible", "The pool closed in May");

        var action = Assert.Single(await Stored());
        Assert.Equal((ActionStatus.NotPossible, "The pool closed in May"), (action.Status, action.Why));
    }

    private Task<ActionOutcome> RecordWelsh(string text, string status, string? why, ActionWelsh cy) =>
        _store.InScope(sp => sp.GetRequiredService<ActionBook>().RecordAsync("checkin", null, null, text, status, why, cy, CancellationToken.None));

    [Fact]
    public async Task RecordAsync_KeepsTheWelsh_AndTheWelshIsReadForWelsh_TheEnglishForEnglish()
    {
        await RecordWelsh("The pool closed", "not-possible", "It was too costly", new ActionWelsh(" Caeodd y pwll ", "Roedd yn rhy ddrud"));

        var action = Assert.Single(await Stored());
        Assert.Equal(("Caeodd y pwll", "Roedd yn rhy ddrud"), (action.TextCy, action.WhyCy));
        Assert.Equal(("Caeodd y pwll", "Roedd yn rhy ddrud"), (action.TextIn("cy"), action.WhyIn("cy")));
        Assert.Equal(("The pool closed", "It was too costly"), (action.TextIn("en"), action.WhyIn("en")));
    }

    [Fact]
    public async Task AnActionWithoutWelsh_ReadsInEnglishForWelsh_AndTheWelshCanBeAddedLater()
    {
        await Record(null, null, "A new minibus", "planned");
        Assert.Equal("A new minibus", Assert.Single(await Stored()).TextIn("cy"));

        var again = await RecordWelsh("A new minibus", "done", null, new ActionWelsh("Bws mini newydd", null));

        Assert.False(again.Created);
        var action = Assert.Single(await Stored());
        Assert.Equal(("Bws mini newydd", ActionStatus.Done), (action.TextIn("cy"), action.Status));
    }

    [Theory]
    [InlineData("", null, "Say what was done in Welsh")]
    [InlineData("x", null, "Keep the Welsh")]
    [InlineData("Bws mini", "x", "Keep the Welsh")]
    [InlineData("Bws mini", "Rhy ddrud", "Give \"why\" in English too")]
    public async Task RecordAsync_RefusesWelshThatIsEmptyOrTooLong_AndStoresNothing(string text, string? why, string reason)
    {
        var cy = new ActionWelsh(text == "x" ? new string('a', ActionLimits.TextLength + 1) : text, why == "x" ? new string('b', ActionLimits.TextLength + 1) : why);

        var outcome = await RecordWelsh("A new minibus", "done", why == "x" ? "Too costly" : null, cy);

        Assert.Contains(reason, outcome.Problem);
        Assert.Empty(await Stored());
    }

    public sealed class OnSqlite() : ActionBookTests(SqliteBackend.Instance);

    [Collection(PostgresCollection.Name)]
    public sealed class OnPostgres(PostgresServer server) : ActionBookTests(server.DatabaseFor<OnPostgres>());
}
