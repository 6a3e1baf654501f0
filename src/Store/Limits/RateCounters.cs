using System.Data.Common;
using System.Runtime.CompilerServices;
using CoProduction.Store.Setup;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;

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
        var lease = new StoreContextLease(contexts);
        try
        {
            // The gate first, then the connection (as a turn's save): waiting, it holds nothing another request needs.
            using var writing = await writeGate.EnterAsync(ct);
            await using var connection = await connections.OpenWriterAsync(lease, ct);
            return await IncrementAsync(connection, connections.Model, key, windowStart, ct);
        }
        finally
        {
            // Rented only when EF's command interceptors must see the statement (tests).
            if (lease.Rented) await lease.Context.DisposeAsync();
        }
    }

    /// <summary>
    /// Counts one more request for <paramref name="key"/> on a connection whose transaction another write
    /// shares (a chat start counts in the start's own write: one commit, not two); returns the count,
    /// this one included. Kept only if that transaction commits.
    /// </summary>
    internal static async Task<int> IncrementAsync(TurnConnection connection, StoreDbContext model, string key, DateTimeOffset windowStart, CancellationToken ct)
    {
        ArgumentException.ThrowIfNullOrEmpty(key);
        // Checked as a SaveChanges checks what it stores (EntityColumns.Value): a key too long for its column is
        // refused here on SQLite as on PostgreSQL (which alone would have refused it, as a failed statement).
        var statement = Statement.For(model);
        DbParameter[] parameters =
        [
            statement.Counters.Value(nameof(RateCounter.Key), "@key", key),
            statement.Counters.Value(nameof(RateCounter.Window), "@window", windowStart.ToUnixTimeSeconds()),
        ];
        await using var reader = await connection.ReaderAsync(statement.Increment, parameters, ct);
        if (!await reader.ReadAsync(ct)) throw new InvalidOperationException("The request counter returned no count.");
        return Convert.ToInt32(reader.GetValue(0), System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>The upsert, its names from the EF model, built once per model.</summary>
    private sealed class Statement
    {
        private static readonly ConditionalWeakTable<IModel, Statement> ByModel = new();

        private Statement(StoreDbContext db)
        {
            var c = Counters = EntityColumns.For<RateCounter>(db);
            var (key, window, count) = (c[nameof(RateCounter.Key)], c[nameof(RateCounter.Window)], c[nameof(RateCounter.Count)]);
            Increment = $"INSERT INTO {c.Table} ({key}, {window}, {count}) VALUES (@key, @window, 1)\n"
                + $"ON CONFLICT ({key}) DO UPDATE SET\n"
                + $"  {count} = CASE WHEN {c.Table}.{window} = excluded.{window} THEN {c.Table}.{count} + 1 ELSE 1 END,\n"
                + $"  {window} = excluded.{window}\n"
                + $"RETURNING {count}";
        }

        public static Statement For(StoreDbContext db) => ByModel.TryGetValue(db.Model, out var built) ? built : Build(db);

        // The factory that closes over the context is in its own method: no closure on every request.
        private static Statement Build(StoreDbContext db) => ByModel.GetValue(db.Model, _ => new Statement(db));

        public EntityColumns Counters { get; }

        /// <summary>One more request for <c>@key</c> in the window <c>@window</c>; returns the count, this one included.</summary>
        public string Increment { get; }
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
