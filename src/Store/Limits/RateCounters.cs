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
/// prepared once, in the turns' group commit; on PostgreSQL, on a pooled connection where Npgsql keeps it prepared. No EF
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
            // On SQLite the count shares its commit with the turns around it, as a turn does (group commit,
            // StoreWriteGate.EnterTurnAsync), and is answered only once that batch is committed: a commit of its own
            // cut the open batch short and wrote the counter's pages to the WAL once more, for every chat token.
            var writing = await writeGate.EnterTurnAsync(ct);
            int count;
            try
            {
                await using var connection = await connections.OpenWriterAsync(lease, ct);
                await writing.BeginAsync(connection, ct);
                count = await IncrementAsync(connection, connections.Model, key, windowStart, ct);
                // PostgreSQL (no batch): the upsert was its own transaction, committed already.
                if (connection.Transaction is not null) await connection.CommitAsync(ct);
            }
            catch
            {
                await writing.EndAsync(wait: false);
                throw;
            }
            await writing.EndAsync(wait: true);
            return count;
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
        // The usual request, in the window its counter is in already (or the key's first): the count alone. Its
        // window is not set again: a statement that sets it, even to the value it has, rewrites the window's index
        // too (one more page to the WAL and the file, for every chat token and start).
        for (var attempt = 0; ; attempt++)
        {
            await using (var reader = await connection.ReaderAsync(statement.Increment, Parameters(statement, key, windowStart), ct))
            {
                if (await reader.ReadAsync(ct)) return Count(reader);
            }
            // The counter is in another window: this request starts the new one at 1 (unless another request, on any
            // node, has just done so: then the count above, again).
            await using (var reader = await connection.ReaderAsync(statement.Restart, Parameters(statement, key, windowStart), ct))
            {
                if (await reader.ReadAsync(ct)) return Count(reader);
            }
            if (attempt == 2) throw new InvalidOperationException("The request counter returned no count.");
        }
    }

    // Fresh parameters for each statement: a driver's parameter belongs to one command.
    private static DbParameter[] Parameters(Statement statement, string key, DateTimeOffset windowStart) =>
    [
        statement.Counters.Value(nameof(RateCounter.Key), "@key", key),
        statement.Counters.Value(nameof(RateCounter.Window), "@window", windowStart.ToUnixTimeSeconds()),
    ];

    private static int Count(DbDataReader reader) => Convert.ToInt32(reader.GetValue(0), System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>The upsert, its names from the EF model, built once per model.</summary>
    private sealed class Statement
    {
        private static readonly ConditionalWeakTable<IModel, Statement> ByModel = new();

        private Statement(StoreDbContext db)
        {
            var c = Counters = EntityColumns.For<RateCounter>(db);
            var (key, window, count) = (c[nameof(RateCounter.Key)], c[nameof(RateCounter.Window)], c[nameof(RateCounter.Count)]);
            // Counted only in the window the counter is in: no row back (and nothing changed) when it is in another.
            Increment = $"INSERT INTO {c.Table} ({key}, {window}, {count}) VALUES (@key, @window, 1)\n"
                + $"ON CONFLICT ({key}) DO UPDATE SET {count} = {c.Table}.{count} + 1\n"
                + $"WHERE {c.Table}.{window} = excluded.{window}\n"
                + $"RETURNING {count}";
            Restart = $"UPDATE {c.Table} SET {window} = @window, {count} = 1 WHERE {key} = @key AND {window} <> @window RETURNING {count}";
        }

        public static Statement For(StoreDbContext db) => ByModel.TryGetValue(db.Model, out var built) ? built : Build(db);

        // The factory that closes over the context is in its own method: no closure on every request.
        private static Statement Build(StoreDbContext db) => ByModel.GetValue(db.Model, _ => new Statement(db));

        public EntityColumns Counters { get; }

        /// <summary>One more request for <c>@key</c> in the window <c>@window</c>, where its counter is (or a new counter); returns the count, this one included, or no row.</summary>
        public string Increment { get; }

        /// <summary>The counter of <c>@key</c> moved to the window <c>@window</c> at a count of 1; no row when it is in that window already.</summary>
        public string Restart { get; }
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
