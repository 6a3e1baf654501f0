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

    public sealed class OnSqlite() : ResultsReleasesTests(SqliteBackend.Instance);

    [Collection(PostgresCollection.Name)]
    public sealed class OnPostgres(PostgresServer server) : ResultsReleasesTests(server.DatabaseFor<OnPostgres>());
}
