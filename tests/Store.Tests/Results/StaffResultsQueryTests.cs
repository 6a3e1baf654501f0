using CoProduction.Store.Results;
using CoProduction.Store.Tests.Postgres;
using CoProduction.Store.Tests.TestSupport;
using CoProduction.Surveys.Definitions;
using CoProduction.Surveys.Engine;
using Microsoft.Extensions.DependencyInjection;

namespace CoProduction.Store.Tests.Results;

/// <summary>The staff results: rounds, the round before, breakdowns. Runs on SQLite and PostgreSQL.</summary>
public abstract class StaffResultsQueryTests(IStoreBackend backend) : IAsyncLifetime
{
    private TestStore _store = null!;
    private Guid _first;
    private Guid _second;

    public async Task InitializeAsync()
    {
        _store = await TestStore.CreateAsync(backend);
        await _store.PublishAsync(SampleSurveys.Checkin());
        // First round: 4 invited, 2 answered (happy 2 and 4).
        _first = await ResultsData.AddRoundAsync(_store);
        await ResultsData.AddPeopleAsync(_store, _first, 1, "happy=2", language: "en", group: "homes");
        await ResultsData.AddPeopleAsync(_store, _first, 1, "happy=4", language: "en", group: "homes");
        await ResultsData.AddInvitedAsync(_store, _first, 2);
        _store.Time.Advance(TimeSpan.FromDays(90));
        // Second round: 5 invited; 4 answered (3 finished): 2 by SMS in Welsh, 2 by voice in English.
        _second = await ResultsData.AddRoundAsync(_store);
        await ResultsData.AddPeopleAsync(_store, _second, 2, "happy=4", language: "cy", group: "homes", channel: Channel.Sms);
        await ResultsData.AddPeopleAsync(_store, _second, 1, "happy=5", language: "en", group: "day-centre", channel: Channel.Voice);
        await ResultsData.AddPeopleAsync(_store, _second, 1, "happy=?", group: "day-centre", channel: Channel.Voice, status: SessionStatus.Active);
        await ResultsData.AddInvitedAsync(_store, _second, 1);
    }

    public async Task DisposeAsync() => await _store.DisposeAsync();

    private Task<StaffResults?> Get(Guid? round, Breakdown by = Breakdown.None) =>
        _store.InScope(sp => sp.GetRequiredService<StaffResultsQuery>().GetAsync("checkin", round, by, CancellationToken.None));

    [Fact]
    public async Task GetAsync_ListsRoundsNewestFirst_WithResponseAndCompletion()
    {
        var results = await Get(null);

        Assert.Equal([_second, _first], results!.Rounds.Select(r => r.Id));
        var second = results.Rounds[0].Participation;
        Assert.Equal((5, 4, 3), (second.Invited, second.Responses, second.Completed));
        Assert.Equal(80.0, second.ResponseRate);
        Assert.Equal(75.0, second.CompletionRate);
        Assert.Equal(50.0, results.Rounds[1].Participation.ResponseRate);
    }

    [Fact]
    public async Task GetAsync_ComparesARoundWithTheOneBefore()
    {
        var results = await Get(_second);

        Assert.Equal(_first, results!.PreviousRound!.Id);
        var happy = results.Questions.Single(q => q.Id == "happy");
        // Now: 4,4,5 and one unclear: 4 reached, "4" is 2 of 4 = 50%; before: "4" was 1 of 2 = 50%.
        Assert.Equal(new AnswerShare("4", 2, 50.0), happy.Answers.Single(a => a.Key == "4"));
        Assert.Equal(50.0, results.Previous["happy"].Answers.Single(a => a.Key == "4").Percent);
        Assert.Equal(25.0, happy.UnclearPercent);
        // Mean of 4, 4, 5 = 4.33; median 4.
        Assert.Equal((4.33, 4.0), (Math.Round(happy.Mean!.Value, 2), happy.Median!.Value));
    }

    [Theory]
    [InlineData(Breakdown.Channel, "Sms=2/2 Voice=2/1")]
    [InlineData(Breakdown.Language, "cy=2/2 en=1/1 not given=1/0")]
    [InlineData(Breakdown.Group, "day-centre=2/1 homes=2/2")]
    public async Task GetAsync_BreaksARoundDown_OneWayAtATime(Breakdown by, string expected)
    {
        var results = await Get(_second, by);

        Assert.Equal(expected, string.Join(" ", results!.BreakdownRows.Select(r => $"{r.Label}={r.Responses}/{r.Completed}")));
    }

    [Fact]
    public async Task GetAsync_IsNull_ForARoundOfNoSuchSurvey()
    {
        Assert.Null(await Get(Guid.NewGuid()));
    }

    public sealed class OnSqlite() : StaffResultsQueryTests(SqliteBackend.Instance);

    [Collection(PostgresCollection.Name)]
    public sealed class OnPostgres(PostgresServer server) : StaffResultsQueryTests(server.DatabaseFor<OnPostgres>());
}
