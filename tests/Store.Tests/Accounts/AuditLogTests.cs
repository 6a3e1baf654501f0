using CoProduction.Store.Accounts;
using CoProduction.Store.Board;
using CoProduction.Store.Library;
using CoProduction.Store.Results.Export;
using CoProduction.Store.Tests.Postgres;
using CoProduction.Store.Tests.TestSupport;
using CoProduction.Surveys.Review;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace CoProduction.Store.Tests.Accounts;

/// <summary>Runs on SQLite and on PostgreSQL: see the nested <see cref="OnSqlite"/> and <see cref="OnPostgres"/>.</summary>
public abstract class AuditLogTests(IStoreBackend backend) : IAsyncLifetime
{
    private TestStore _store = null!;

    public async Task InitializeAsync() => _store = await TestStore.CreateAsync(backend);

    public async Task DisposeAsync() => await _store.DisposeAsync();

    private Task<AuditPage> Page(string? what, string? who, int page, int size) =>
        _store.InScope(sp => sp.GetRequiredService<AuditLog>().PageAsync(what, who, page, size, CancellationToken.None));

    private Task Record(string action, string actor) =>
        _store.InScope(async sp => { await sp.GetRequiredService<AuditLog>().RecordAsync(action, actor, null, "", CancellationToken.None); return 0; });

    [Fact]
    public async Task Pages_AreNewestFirst_AndSayWhetherThereIsMore()
    {
        for (var i = 1; i <= 5; i++)
        {
            await Record("signed-in", $"Person {i}");
            _store.Time.Advance(TimeSpan.FromMinutes(1));
        }

        var first = await Page(null, null, 1, 2);
        var last = await Page(null, null, 3, 2);

        Assert.Equal(["Person 5", "Person 4"], first.Entries.Select(e => e.Actor));
        Assert.True(first.HasMore);
        Assert.Equal(["Person 1"], last.Entries.Select(e => e.Actor));
        Assert.False(last.HasMore);
    }

    [Fact]
    public async Task Filters_ByWhatHappened_AndByPartOfWhoDidIt_AnyCase()
    {
        await Record("signed-in", "Alex Staff");
        await Record("role-changed", "Alex Staff");
        await Record("signed-in", "Sam Member");

        Assert.Equal(["Sam Member", "Alex Staff"], (await Page("signed-in", null, 1, 10)).Entries.Select(e => e.Actor));
        Assert.Equal(["role-changed", "signed-in"], (await Page(null, "alex", 1, 10)).Entries.Select(e => e.Action));
        Assert.Equal(["role-changed"], (await Page("role-changed", "ALEX", 1, 10)).Entries.Select(e => e.Action));
    }

    [Fact]
    public async Task AnApproval_IsInTheAuditLog_AsTheMemberWhoApproved()
    {
        var yaml = _store.Parser.FileFor(SampleSurveys.Checkin(), "1");
        await _store.InScope(async sp => (await sp.GetRequiredService<SurveyLibrary>().ImportAsync(yaml, CancellationToken.None)).Succeeded);
        await _store.InScope(async sp =>
        {
            var board = ActivatorUtilities.CreateInstance<ReviewBoard>(sp, Options.Create(new CoProductionOptions()));
            var member = await board.AddMemberAsync("Sam", BoardRole.ExpertByExperience, null, CancellationToken.None);
            return await board.ApproveAsync("checkin", member.Id, CancellationToken.None);
        });

        var entry = Assert.Single((await Page("approved", null, 1, 10)).Entries);
        Assert.Equal("Sam", entry.Actor);
        Assert.Equal("checkin version 1, as expert-by-experience", entry.Detail);
    }

    [Fact]
    public async Task AnExport_IsInTheAuditLog_WithWhoAndWhat()
    {
        await _store.PublishAsync(SampleSurveys.Checkin());

        await _store.InScope(sp => sp.GetRequiredService<ResultsExport>().RecordAsync("checkin", "Morgan staff", "csv", new ExportFilter(null, new DateOnly(2026, 1, 1), null), CancellationToken.None));

        var entry = Assert.Single((await Page("results-exported", null, 1, 10)).Entries);
        Assert.Equal(("Morgan staff", "checkin as CSV, from 2026-01-01"), (entry.Actor, entry.Detail));
    }

    public sealed class OnSqlite() : AuditLogTests(SqliteBackend.Instance);

    [Collection(PostgresCollection.Name)]
    public sealed class OnPostgres(PostgresServer server) : AuditLogTests(server.DatabaseFor<OnPostgres>());
}
