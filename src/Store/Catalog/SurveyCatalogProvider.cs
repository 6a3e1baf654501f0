using CoProduction.Store.Model;
using CoProduction.Surveys.Engine;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;

namespace CoProduction.Store.Catalog;

/// <summary>
/// Gives the engine the catalog of surveys. Singleton: it keeps the last snapshot and, per call,
/// asks the database one cheap question ("has any survey or version changed?") so that
/// several nodes sharing one store see a newly published survey on their next turn.
/// </summary>
public sealed class SurveyCatalogProvider(SurveyDefinitionCache definitions)
{
    private sealed record Snapshot(CatalogStamp Stamp, ISurveyCatalog Catalog);

    private volatile Snapshot? _current;

    public async Task<ISurveyCatalog> GetAsync(StoreDbContext db, CancellationToken ct) =>
        await CatalogForAsync(db, (await ReadStampAsync(db, null, ct)).Stamp, ct);

    /// <summary>
    /// The catalog, and whether a board member has ever started a pilot from this address (phone
    /// or chat id): the two questions a turn asks before it runs, in one round trip. Only when
    /// there is a pilot run does the turn read which one (ConversationStore.FindPilotAsync).
    /// </summary>
    /// <param name="read">The stamp and pilot runs when the turn's load has read them already (one round trip for both).</param>
    public async Task<(ISurveyCatalog Catalog, bool PilotRunsHere)> GetForTurnAsync(
        StoreDbContext db, string address, (CatalogStamp Stamp, bool PilotRunsHere)? read, CancellationToken ct)
    {
        if (read is { } known) return (await CatalogForAsync(db, known.Stamp, ct), known.PilotRunsHere);
        var (stamp, pilotRuns) = await ReadStampAsync(db, address, ct);
        return (await CatalogForAsync(db, stamp, ct), pilotRuns > 0);
    }

    /// <summary>
    /// As above, for a turn whose load read the stamp: when the catalog has not changed since, no
    /// context is rented (the common SMS turn uses none, <see cref="Setup.StoreContextLease"/>).
    /// </summary>
    public ValueTask<(ISurveyCatalog Catalog, bool PilotRunsHere)> GetForTurnAsync(
        Setup.StoreContextLease store, string address, (CatalogStamp Stamp, bool PilotRunsHere)? read, CancellationToken ct)
    {
        if (read is { } known && _current is { } current && current.Stamp == known.Stamp) return ValueTask.FromResult((current.Catalog, known.PilotRunsHere));
        return new ValueTask<(ISurveyCatalog, bool)>(GetForTurnAsync(store.Context, address, read, ct));
    }

    /// <summary>The stamp and whether pilots ran at the address, from the current row of a reader of <see cref="StampSql"/>
    /// (or of a statement with <see cref="StampColumns"/> from the column <paramref name="at"/>).</summary>
    internal static (CatalogStamp Stamp, bool PilotRunsHere) ReadStamp(System.Data.Common.DbDataReader reader, int at = 0) =>
        (new CatalogStamp(reader.GetInt64(at)), reader.GetInt64(at + 1) > 0);

    private async Task<ISurveyCatalog> CatalogForAsync(StoreDbContext db, CatalogStamp stamp, CancellationToken ct)
    {
        var current = _current;
        if (current is not null && current.Stamp == stamp) return current.Catalog;

        var catalog = await LoadAsync(db, ct);
        // Two turns may both reload after a change; both snapshots are correct, the last one stays.
        _current = new Snapshot(stamp, catalog);
        return catalog;
    }

    private async Task<ISurveyCatalog> LoadAsync(StoreDbContext db, CancellationToken ct)
    {
        var surveys = await db.Surveys.AsNoTracking()
            .Select(s => new { s.Id, s.Title, s.Status, s.PublishedVersion })
            .ToDictionaryAsync(s => s.Id, ct);
        // Every stored version, not only published ones: a session finishes on the version it
        // began even after a newer one is published. Versions are few and small.
        var versions = await db.SurveyVersions.AsNoTracking().ToListAsync(ct);

        var entries = versions.Select(v =>
        {
            var survey = surveys[v.SurveyId];
            var published = survey.Status == SurveyStatus.Published && survey.PublishedVersion == v.Version;
            return new StoreSurveyCatalog.Entry(v.SurveyId, v.Version, survey.Title, v.Keyword, v.KeywordsByLanguage, v.Yaml, published);
        }).ToList();
        return new StoreSurveyCatalog(entries, definitions);
    }

    /// <summary>
    /// Everything that changes the catalog changes the stamp: the store's own triggers give it a new value whenever a
    /// survey or a version is inserted, changed or deleted (<see cref="CatalogStampRow"/>). One round trip, one row
    /// read for the stamp (and the pilot runs at one address, by its index).
    /// </summary>
    private static async Task<(CatalogStamp Stamp, long PilotRuns)> ReadStampAsync(StoreDbContext db, string? address, CancellationToken ct)
    {
        // A plain command rather than EF's SqlQuery: that goes through EF's LINQ pipeline on every
        // call (a profile of the turn benchmark put this one question at about 5% of a turn).
        var connection = db.Database.GetDbConnection();
        var opened = connection.State != System.Data.ConnectionState.Open;
        if (opened) await db.Database.OpenConnectionAsync(ct);
        try
        {
            await using var command = connection.CreateCommand();
            command.Transaction = db.Database.CurrentTransaction?.GetDbTransaction();
            // Double-quoted identifiers and a string literal for the enum work on SQLite and PostgreSQL.
            command.CommandText = StampSql;
            var parameter = command.CreateParameter();
            parameter.ParameterName = "@address";
            parameter.Value = address ?? "";
            command.Parameters.Add(parameter);
            await using var reader = await command.ExecuteReaderAsync(ct);
            await reader.ReadAsync(ct);
            var (stamp, pilots) = ReadStamp(reader);
            return (stamp, pilots ? 1 : 0);
        }
        finally
        {
            if (opened) await db.Database.CloseConnectionAsync();
        }
    }

    /// <summary>The stamp and the pilot runs at <c>@address</c>, as one row (also read as part of a turn's one read, TurnStatements).</summary>
    internal const string StampSql = "SELECT\n" + StampColumns;

    /// <summary>
    /// <see cref="StampSql"/>'s <see cref="StampColumnCount"/> columns, for a statement that reads them with others
    /// (<see cref="ReadStamp"/> at their place). The stamp's row by its key; none (an operator emptied the table) reads
    /// as 0, a stamp of its own, and the next change to a survey sets the row again. Before the twentieth round this was
    /// four counts of the surveys' and versions' rows on every turn (7% of a PostgreSQL server's CPU at 32 phones).
    /// </summary>
    internal const string StampColumns =
        "  COALESCE((SELECT \"Value\" FROM \"CatalogStamp\" WHERE \"Id\" = " + CatalogStampRow.TheRowSql + "), 0) AS \"Catalog\",\n"
        + "  (SELECT COUNT(*) FROM \"PilotRuns\" WHERE \"Address\" = @address) AS \"PilotRuns\"";

    /// <summary>How many columns <see cref="StampColumns"/> reads.</summary>
    internal const int StampColumnCount = 2;

}
