using CoProduction.Store.Results.Export;
using CoProduction.Store.Tests.Postgres;
using CoProduction.Store.Tests.TestSupport;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CoProduction.Store.Tests.Results.Export;

/// <summary>Reading responses for export. Runs on SQLite and PostgreSQL.</summary>
public abstract class ResultsExportTests(IStoreBackend backend) : IAsyncLifetime
{
    private TestStore _store = null!;

    public async Task InitializeAsync()
    {
        _store = await TestStore.CreateAsync(backend);
        await _store.PublishAsync(SampleSurveys.Checkin());
    }

    public async Task DisposeAsync() => await _store.DisposeAsync();

    private Task<List<ExportRow>> Rows(ExportFilter filter) => _store.InScope(async sp =>
    {
        var export = sp.GetRequiredService<ResultsExport>();
        var columns = (await export.ColumnsAsync("checkin", CancellationToken.None))!;
        var rows = new List<ExportRow>();
        await foreach (var row in export.RowsAsync("checkin", filter, columns, CancellationToken.None)) rows.Add(row);
        return rows;
    });

    private static string Render(ExportRow row) => string.Join(",", row.Values.Select(v => v ?? ""));

    [Fact]
    public async Task RowsAsync_GivesOneRowPerResponse_OneColumnPerQuestion()
    {
        await ResultsData.AddPeopleAsync(_store, null, 1, "happy=4 safe=yes matters=work change=text:More_buses");
        await ResultsData.AddPeopleAsync(_store, null, 1, "happy=? safe=no change=-");

        var rows = await Rows(new ExportFilter());

        Assert.Equal(["4,yes,work,More buses", "unclear,no,,skipped"], rows.Select(Render).Order(StringComparer.Ordinal));
        Assert.All(rows, r => Assert.Equal("completed", r.Status));
    }

    [Fact]
    public async Task ColumnsAsync_DescribesEveryQuestionForTheCodebook()
    {
        var columns = await _store.InScope(sp => sp.GetRequiredService<ResultsExport>().ColumnsAsync("checkin", CancellationToken.None));

        Assert.Equal(["happy", "safe", "matters", "change"], columns!.Select(c => c.Code).ToList());
        var matters = columns!.Single(c => c.Code == "matters");
        Assert.Equal(("What matters most?", "choice"), (matters.Label, matters.Type));
        Assert.StartsWith("friends = Friends and family; work = Work or volunteering", matters.Values);
    }

    [Fact]
    public async Task RowsAsync_FiltersByRoundAndByTheDayTheResponseStarted()
    {
        var round = await ResultsData.AddRoundAsync(_store);
        await ResultsData.AddPeopleAsync(_store, round, 2, "happy=1");
        await ResultsData.AddPeopleAsync(_store, null, 1, "happy=2");
        await _store.Db(async db =>
        {
            // Started on 2 March (the test clock's day) for the round; 5 March for the other.
            foreach (var s in await db.Sessions.ToListAsync())
            {
                s.StartedAt = s.InvitationId is null ? new DateTimeOffset(2026, 3, 5, 9, 0, 0, TimeSpan.Zero) : new DateTimeOffset(2026, 3, 2, 23, 59, 0, TimeSpan.Zero);
            }
            return await db.SaveChangesAsync();
        });

        Assert.Equal(2, (await Rows(new ExportFilter(round))).Count);
        Assert.Equal(["1", "1"], (await Rows(new ExportFilter(To: new DateOnly(2026, 3, 2)))).Select(r => r.Values[0]));
        Assert.Equal(["2"], (await Rows(new ExportFilter(From: new DateOnly(2026, 3, 3)))).Select(r => r.Values[0]));
        Assert.Empty(await Rows(new ExportFilter(round, From: new DateOnly(2026, 3, 3))));
    }

    [Fact]
    public async Task RecordAsync_KeepsWhoWhenAndWhat_AndFinishAsyncTheRowCount()
    {
        var round = await ResultsData.AddRoundAsync(_store);

        await _store.InScope(async sp =>
        {
            var export = sp.GetRequiredService<ResultsExport>();
            var record = await export.RecordAsync("checkin", "Priya", "xlsx", new ExportFilter(round, new DateOnly(2026, 1, 1)), CancellationToken.None);
            await export.FinishAsync(record, 42);
            return 0;
        });

        var stored = await _store.Db(db => db.ExportRecords.SingleAsync());
        Assert.Equal(("checkin", "Priya", "xlsx", (Guid?)round, (DateOnly?)new DateOnly(2026, 1, 1), (int?)42, TestStore.Start),
            (stored.SurveyId, stored.Who, stored.Format, stored.RoundId, stored.From, stored.Rows, stored.At));
    }

    public sealed class OnSqlite() : ResultsExportTests(SqliteBackend.Instance);

    [Collection(PostgresCollection.Name)]
    public sealed class OnPostgres(PostgresServer server) : ResultsExportTests(server.DatabaseFor<OnPostgres>());
}
