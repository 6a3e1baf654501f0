using CoProduction.Store.Results;
using CoProduction.Store.Tests.Postgres;
using CoProduction.Store.Tests.TestSupport;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CoProduction.Store.Tests.Results;

/// <summary>Releasing results to the public. Runs on SQLite and PostgreSQL.</summary>
public abstract class ResultsReleasesTests(IStoreBackend backend) : IAsyncLifetime
{
    private TestStore _store = null!;

    public async Task InitializeAsync()
    {
        _store = await TestStore.CreateAsync(backend);
        await _store.PublishAsync(SampleSurveys.Checkin());
    }

    public async Task DisposeAsync() => await _store.DisposeAsync();

    private Task<ReleaseOutcome> Release(Guid? round, string survey = "checkin") =>
        _store.InScope(sp => sp.GetRequiredService<ResultsReleases>().PublishAsync(survey, round, CancellationToken.None));

    [Fact]
    public async Task PublishAsync_FreezesTheRoundsCountsOnly()
    {
        var round = await ResultsData.AddRoundAsync(_store);
        await ResultsData.AddPeopleAsync(_store, round, 3, "happy=4");
        await ResultsData.AddPeopleAsync(_store, null, 2, "happy=1");

        var outcome = await Release(round);

        Assert.Equal(ReleaseStatus.Published, outcome.Status);
        var counts = ResultsReleases.Counts(outcome.Release!);
        Assert.Equal(3, counts.Responses);
        Assert.Equal([new("4", 3)], counts.Questions.Single(q => q.Id == "happy").Counts);
    }

    [Fact]
    public async Task PublishAsync_MakesOneRelease_WhenAskedTwiceAtOnce()
    {
        var round = await ResultsData.AddRoundAsync(_store);

        var outcomes = await Task.WhenAll(Release(round), Release(round));

        Assert.Equal(1, await _store.Db(db => db.ResultsReleases.CountAsync()));
        Assert.Contains(outcomes, o => o.Status == ReleaseStatus.Published);
        Assert.Single(outcomes.Select(o => o.Release!.Id).Distinct());
    }

    [Fact]
    public async Task PublishAsync_RefusesAnUnknownSurveyOrRound()
    {
        Assert.Equal(ReleaseStatus.NoSuchSurvey, (await Release(null, "nope")).Status);
        Assert.Equal(ReleaseStatus.NoSuchRound, (await Release(Guid.NewGuid())).Status);
        Assert.Equal(0, await _store.Db(db => db.ResultsReleases.CountAsync()));
    }

    /// <summary>A released round of twelve: six said 4, six said 5.</summary>
    private async Task<Guid> ReleasedRoundAsync()
    {
        var round = await ResultsData.AddRoundAsync(_store);
        await ResultsData.AddPeopleAsync(_store, round, 6, "happy=4");
        await ResultsData.AddPeopleAsync(_store, round, 6, "happy=5");
        Assert.Equal(ReleaseStatus.Published, (await Release(round)).Status);
        return round;
    }

    [Theory]
    // people outside the released round: how many said 4 and 5, and whether every answer may then be released
    [InlineData(6, 6, true)]    // twelve more, 6 and 6: nothing about fewer than 10 people, or fewer than 5, can be worked out
    [InlineData(3, 0, false)]   // three more: the page of every answer less the round's page is what those three said
    [InlineData(5, 4, false)]   // nine more: still fewer than 10 people
    [InlineData(8, 2, false)]   // ten more, but 5 went from 6 to 8: two of them said 5, a count below 5
    [InlineData(0, 0, true)]    // nobody more: the same people, the same figures
    public async Task EveryAnswer_IsReleasedAfterARound_OnlyWhenTheDifferenceIsSafeToShow(int fours, int fives, bool released)
    {
        await ReleasedRoundAsync();
        await ResultsData.AddPeopleAsync(_store, null, fours, "happy=4");
        await ResultsData.AddPeopleAsync(_store, null, fives, "happy=5");

        var outcome = await Release(null);

        Assert.Equal(released ? ReleaseStatus.Published : ReleaseStatus.WouldDisclose, outcome.Status);
        Assert.Equal(released ? 2 : 1, await _store.Db(db => db.ResultsReleases.CountAsync()));
        if (!released) Assert.Contains("work out what a few people said", outcome.Reason);
    }

    [Fact]
    public async Task ARound_IsNotReleasedAfterEveryAnswer_WhenTheRestCouldBeWorkedOut()
    {
        var round = await ResultsData.AddRoundAsync(_store);
        await ResultsData.AddPeopleAsync(_store, round, 12, "happy=4");
        await ResultsData.AddPeopleAsync(_store, null, 2, "happy=1");
        Assert.Equal(ReleaseStatus.Published, (await Release(null)).Status);

        var outcome = await Release(round);

        Assert.Equal(ReleaseStatus.WouldDisclose, outcome.Status);
        Assert.Null(outcome.Release);
        Assert.Equal(1, await _store.Db(db => db.ResultsReleases.CountAsync()));
    }

    [Fact]
    public async Task Rounds_AreReleasedSideBySide_BecauseTheirPeopleAreDifferent()
    {
        await ReleasedRoundAsync();
        var second = await ResultsData.AddRoundAsync(_store);
        await ResultsData.AddPeopleAsync(_store, second, 11, "happy=4");
        await ResultsData.AddPeopleAsync(_store, second, 1, "happy=5");

        Assert.Equal(ReleaseStatus.Published, (await Release(second)).Status);
    }

    public sealed class OnSqlite() : ResultsReleasesTests(SqliteBackend.Instance);

    [Collection(PostgresCollection.Name)]
    public sealed class OnPostgres(PostgresServer server) : ResultsReleasesTests(server.DatabaseFor<OnPostgres>());
}
