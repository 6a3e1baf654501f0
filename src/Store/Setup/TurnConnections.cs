using System.Collections.Concurrent;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;

namespace CoProduction.Store.Setup;

/// <summary>
/// Where a turn's hand-written statements run (<see cref="TurnConnection"/>), with their prepared
/// form kept between turns.
/// <para>
/// SQLite: a few connections opened for turns and kept open, each keeping its commands.
/// Microsoft.Data.Sqlite prepares (parses and plans) a command's text again for every new command
/// object, and finalises a connection's prepared statements when the connection closes, so EF's
/// command per statement on a connection opened per operation parsed every statement of every
/// turn again (most of SQLite's share of a turn in a profile). A connection here stays open while
/// it waits for the next turn, so a turn's statements are parsed once per connection.
/// </para>
/// <para>
/// PostgreSQL: the turn's own context's connection; Npgsql keeps statements prepared on the
/// server connection across pooled opens (auto-prepare, switched on by
/// <see cref="StoreDbContextFactory"/>), so nothing needs keeping here.
/// </para>
/// </summary>
public sealed class TurnConnections : IDisposable
{
    /// <summary>Idle SQLite connections kept per store: more turns at once than this open more, then close the extra.</summary>
    public const int MaxIdle = 16;

    private readonly ConcurrentDictionary<string, ConcurrentBag<TurnConnection>> _idle = new();
    private volatile bool _disposed;

    internal async ValueTask<TurnConnection> OpenAsync(StoreDbContext db, CancellationToken ct)
    {
        if (!db.Database.IsSqlite())
        {
            await db.Database.OpenConnectionAsync(ct);
            return new TurnConnection(db, db.Database.GetDbConnection(), null);
        }
        var key = db.Database.GetConnectionString()!;
        if (_idle.GetOrAdd(key, _ => new()).TryTake(out var kept))
        {
            kept.Rebind(db);
            return kept;
        }
        var connection = new SqliteConnection(key);
        await connection.OpenAsync(ct);
        // The same per-connection settings as EF's connections get (SqliteDurability).
        await using (var pragma = connection.CreateCommand())
        {
            pragma.CommandText = SqliteDurability.Pragma;
            await pragma.ExecuteNonQueryAsync(ct);
        }
        return new TurnConnection(db, connection, key) { Owner = this };
    }

    internal void Return(TurnConnection connection, string key)
    {
        var idle = _idle.GetOrAdd(key, _ => new());
        if (_disposed || connection.Broken || idle.Count >= MaxIdle)
        {
            connection.Close();
            return;
        }
        idle.Add(connection);
        // Closed by Dispose should it have raced this return.
        if (_disposed && idle.TryTake(out var late)) late.Close();
    }

    /// <summary>How many SQLite connections wait for a turn (for tests).</summary>
    public int IdleCount(string connectionString) => _idle.TryGetValue(connectionString, out var idle) ? idle.Count : 0;

    public void Dispose()
    {
        _disposed = true;
        foreach (var idle in _idle.Values)
        {
            while (idle.TryTake(out var connection)) connection.Close();
        }
    }
}
