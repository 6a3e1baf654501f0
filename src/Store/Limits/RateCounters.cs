using System.Data.Common;
using CoProduction.Store.Setup;
using Microsoft.EntityFrameworkCore;

namespace CoProduction.Store.Limits;

/// <summary>
/// Fixed-window request counts in the shared store: one atomic upsert per request (the same
/// SQL on SQLite and PostgreSQL), so simultaneous requests on several nodes are all counted.
/// The upsert runs as a turn's statements do (<see cref="TurnConnections"/>): on SQLite, once
/// through the <see cref="StoreWriteGate"/>, on the writer's kept connection, where it is
/// prepared once; on PostgreSQL, on a pooled connection where Npgsql keeps it prepared. No EF
/// context is rented: every chat token and conversation start counts one request here.
/// </summary>
public sealed class RateCounters(IDbContextFactory<StoreDbContext> contexts, StoreWriteGate writeGate, TurnConnections connections)
{
    /// <summary>Counts one more request for <paramref name="key"/> in the window starting at <paramref name="windowStart"/>; returns the count including this one.</summary>
    public async Task<int> IncrementAsync(string key, DateTimeOffset windowStart, CancellationToken ct)
    {
        ArgumentException.ThrowIfNullOrEmpty(key);
        var window = windowStart.ToUnixTimeSeconds();
        var scratch = connections.Scratch;
        DbParameter[] parameters = [Parameter(scratch, "@key", key), Parameter(scratch, "@window", window)];
        var lease = new StoreContextLease(contexts);
        try
        {
            // The gate first, then the connection (as a turn's save): waiting, it holds nothing another request needs.
            using var writing = await writeGate.EnterAsync(ct);
            await using var connection = await connections.OpenWriterAsync(lease, ct);
            await using var reader = await connection.ReaderAsync(Increment, parameters, ct);
            if (!await reader.ReadAsync(ct)) throw new InvalidOperationException("The request counter returned no count.");
            return Convert.ToInt32(reader.GetValue(0), System.Globalization.CultureInfo.InvariantCulture);
        }
        finally
        {
            // Rented only when EF's command interceptors must see the statement (tests).
            if (lease.Rented) await lease.Context.DisposeAsync();
        }
    }

    private const string Increment = """
        INSERT INTO "RateCounters" ("Key", "Window", "Count") VALUES (@key, @window, 1)
        ON CONFLICT ("Key") DO UPDATE SET
          "Count" = CASE WHEN "RateCounters"."Window" = excluded."Window" THEN "RateCounters"."Count" + 1 ELSE 1 END,
          "Window" = excluded."Window"
        RETURNING "Count"
        """;

    private static DbParameter Parameter(DbCommand scratch, string name, object value)
    {
        var parameter = scratch.CreateParameter();
        parameter.ParameterName = name;
        parameter.Value = value;
        return parameter;
    }

    /// <summary>Forgets counters whose window started before <paramref name="before"/>; returns how many.</summary>
    public async Task<int> DeleteOlderThanAsync(DateTimeOffset before, CancellationToken ct)
    {
        var window = before.ToUnixTimeSeconds();
        await using var db = await contexts.CreateDbContextAsync(ct);
        using var writing = await writeGate.EnterAsync(ct);
        return await db.RateCounters.Where(c => c.Window < window).ExecuteDeleteAsync(ct);
    }
}
