using CoProduction.Store.Model;
using CoProduction.Store.Results;
using CoProduction.Store.Tests.Postgres;
using CoProduction.Store.Tests.TestSupport;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CoProduction.Store.Tests.Results;

/// <summary>
/// The thresholds the board raises in the app: raised, never lowered (below the stored value or the
/// configured one), audited, and consistent when two saves arrive at once. Runs on SQLite and PostgreSQL.
/// </summary>
public abstract class DisclosureSettingsTests(IStoreBackend backend) : IAsyncLifetime
{
    private TestStore _store = null!;

    public async Task InitializeAsync() => _store = await TestStore.CreateAsync(backend);

    public async Task DisposeAsync() => await _store.DisposeAsync();

    private Task<RaiseOutcome> Raise(int? group, int? small, string who = "Sam Jones") =>
        _store.InScope(sp => sp.GetRequiredService<DisclosureSettings>().RaiseAsync(group, small, who, null, CancellationToken.None));

    private Task<DisclosureThresholds> Current() =>
        _store.InScope(sp => sp.GetRequiredService<DisclosureSettings>().CurrentAsync(CancellationToken.None));

    /// <summary>
    /// The stored row. The migration seeds it with 10 and 5; the PostgreSQL test database is emptied
    /// between tests, so there it starts missing, which the settings read as 10 and 5 too.
    /// </summary>
    private async Task<DisclosureSetting> Row() =>
        await _store.Db(db => db.DisclosureSettings.AsNoTracking().SingleOrDefaultAsync())
        ?? new DisclosureSetting { MinimumGroup = 10, SmallCount = 5 };

    private Task<List<string>> Audit() => _store.Db(db => db.AuditEvents.AsNoTracking()
        .Where(e => e.Action == DisclosureSettings.RaisedAction).Select(e => e.Actor + ": " + e.Detail).ToListAsync());

    [Fact]
    public async Task Current_IsTenAndFive_UntilTheBoardRaisesThem()
    {
        var now = await Current();

        Assert.Equal((10, 5, (DateTimeOffset?)null), (now.MinimumGroup, now.SmallCount, now.RaisedAt));
    }

    [Fact]
    public async Task Raise_SavesTheNewNumbers_AndAuditsWhoWhenOldAndNew()
    {
        var outcome = await Raise(15, 6);

        Assert.Equal(RaiseStatus.Raised, outcome.Status);
        var now = await Current();
        Assert.Equal((15, 6, (DateTimeOffset?)TestStore.Start), (now.MinimumGroup, now.SmallCount, now.RaisedAt));
        Assert.Equal(["Sam Jones: Smallest group shown 10 -> 15; \"fewer than\" number 5 -> 6"], await Audit());
        // Everything public goes through the control made here: a group of 12 is now too small to show.
        var control = await _store.InScope(sp => sp.GetRequiredService<DisclosureSettings>().ControlAsync(CancellationToken.None));
        Assert.Null(control.DiscloseGroup(12));
        Assert.Equal(15, control.DiscloseGroup(15));
    }

    [Fact]
    public async Task Raise_RefusesALowerNumber_AndLeavesTheStoreAsItWas()
    {
        await Raise(15, null);

        var lower = await Raise(12, 5);

        Assert.Equal(RaiseStatus.Refused, lower.Status);
        var problem = Assert.Single(lower.Problems);
        Assert.Equal(("minimumGroup", false, 15), (problem.Field, problem.TooHigh, problem.Limit));
        Assert.Equal("The smallest group shown is 15 now. It can be raised, never lowered, so it must be 15 or more.", problem.Message);
        var row = await Row();
        Assert.Equal((15, 5, 1), (row.MinimumGroup, row.SmallCount, row.Version));
        Assert.Single(await Audit());
    }

    [Theory]
    [InlineData(9, null, "minimumGroup")]
    [InlineData(null, 4, "smallCount")]
    [InlineData(101, null, "minimumGroup")]
    [InlineData(null, 101, "smallCount")]
    public async Task Raise_RefusesBelowTheFloorOrOverTheCeiling(int? group, int? small, string field)
    {
        var outcome = await Raise(group, small);

        Assert.Equal(field, Assert.Single(outcome.Problems).Field);
        var row = await Row();
        Assert.Equal((10, 5, 0), (row.MinimumGroup, row.SmallCount, row.Version));
        Assert.Empty(await Audit());
    }

    [Fact]
    public async Task Raise_ToTheNumbersInForce_ChangesNothing()
    {
        var outcome = await Raise(10, 5);

        Assert.Equal(RaiseStatus.Unchanged, outcome.Status);
        Assert.Equal(0, (await Row()).Version);
        Assert.Empty(await Audit());
    }

    [Fact]
    public async Task TwoSavesAtOnce_LeaveOneConsistentRow_WithTheHigherNumber()
    {
        var outcomes = await Task.WhenAll(Raise(15, null, "Ann"), Raise(12, 7, "Bryn"));

        var row = await Row();
        // Whichever came first, 15 stands: 12 after 15 is refused as lower; 15 after 12 raises it again.
        Assert.Equal(15, row.MinimumGroup);
        var raised = outcomes.Count(o => o.Status == RaiseStatus.Raised);
        Assert.Equal(raised, row.Version);
        Assert.Equal(raised, (await Audit()).Count);
        Assert.Equal(outcomes[1].Status == RaiseStatus.Raised ? 7 : 5, row.SmallCount);
    }

    [Fact]
    public async Task TheSameSaveTwiceAtOnce_IsSavedAndAuditedOnce()
    {
        var outcomes = await Task.WhenAll(Raise(20, 8), Raise(20, 8));

        Assert.Equal([RaiseStatus.Raised, RaiseStatus.Unchanged], outcomes.Select(o => o.Status).Order());
        var row = await Row();
        Assert.Equal((20, 8, 1), (row.MinimumGroup, row.SmallCount, row.Version));
        Assert.Single(await Audit());
    }

    public sealed class OnSqlite() : DisclosureSettingsTests(SqliteBackend.Instance);

    [Collection(PostgresCollection.Name)]
    public sealed class OnPostgres(PostgresServer server) : DisclosureSettingsTests(server.DatabaseFor<OnPostgres>());

    /// <summary>Configured higher than the app's row: the configured number is in force, and nothing lower is accepted.</summary>
    public abstract class WithConfiguredThresholds(IStoreBackend backend) : IAsyncLifetime
    {
        private TestStore _store = null!;

        public async Task InitializeAsync() => _store = await TestStore.CreateAsync(backend, new Dictionary<string, string?>
        {
            [$"{DisclosureOptions.Section}:MinimumGroup"] = "20",
        });

        public async Task DisposeAsync() => await _store.DisposeAsync();

        [Fact]
        public async Task Raise_RefusesANumberBelowTheConfiguredOne_AndTheConfiguredOneIsInForce()
        {
            var settings = (Func<IServiceProvider, DisclosureSettings>)(sp => sp.GetRequiredService<DisclosureSettings>());

            var refused = await _store.InScope(sp => settings(sp).RaiseAsync(15, null, "Sam", null, CancellationToken.None));
            var now = await _store.InScope(sp => settings(sp).CurrentAsync(CancellationToken.None));

            Assert.Equal(("minimumGroup", 20), (Assert.Single(refused.Problems).Field, refused.Problems[0].Limit));
            Assert.Equal((20, 20, 5), (now.MinimumGroup, now.ConfiguredMinimumGroup, now.SmallCount));
            Assert.Equal(0, await _store.Db(db => db.DisclosureSettings.CountAsync(d => d.MinimumGroup != 10 || d.Version != 0)));
        }

        public sealed class OnSqlite() : WithConfiguredThresholds(SqliteBackend.Instance);

        [Collection(PostgresCollection.Name)]
        public sealed class OnPostgres(PostgresServer server) : WithConfiguredThresholds(server.DatabaseFor<OnPostgres>());
    }
}
