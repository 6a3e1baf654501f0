using System.Collections.Concurrent;
using System.Data.Common;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.EntityFrameworkCore.Infrastructure;

namespace CoProduction.Store.Setup;

/// <summary>
/// Where a turn's hand-written statements run (<see cref="TurnConnection"/>), with their prepared
/// form kept between turns.
/// <para>
/// SQLite: a few connections opened for turns and kept open, each keeping its commands.
/// Microsoft.Data.Sqlite prepares (parses and plans) a command's text again for every new command
/// object, and finalises a connection's prepared statements when the connection closes, so EF's
/// command per statement on a connection opened per operation parsed every statement of every
/// turn again. The last connection given back is the next one taken (a stack): turns one after
/// another use one connection, whose page cache stays valid (SQLite drops a connection's cache
/// whenever another connection has committed since its last read).
/// </para>
/// <para>
/// PostgreSQL: a connection from the data source EF's contexts use (<see cref="StoreDbContextFactory.PostgresDataSource"/>),
/// opened without renting a context (renting and resetting one was a share of every turn). Npgsql
/// keeps statements prepared on the server connection across pooled opens (auto-prepare, switched
/// on by <see cref="StoreDbContextFactory"/>), so nothing needs keeping here.
/// </para>
/// </summary>
public sealed class TurnConnections(IDbContextFactory<StoreDbContext> contexts) : IDisposable
{
    /// <summary>Idle SQLite connections kept: more turns at once than this open more, then close the extra.</summary>
    public const int MaxIdle = 16;

    /// <summary>
    /// What a turn connection runs when it opens: as EF's connections (<see cref="SqliteDurability"/>),
    /// and a larger page cache (a few connections are kept, so 16 MB each is bounded).
    /// </summary>
    internal const string SqlitePragma = SqliteDurability.Pragma + " PRAGMA cache_size=-16384;";

    private readonly ConcurrentStack<TurnConnection> _idle = new();
    private readonly object _describing = new();
    private StoreShape? _shape;
    private volatile bool _disposed;

    /// <summary>The store as every turn sees it, worked out once from a context of the pool.</summary>
    private sealed record StoreShape(StoreDbContext Model, bool Sqlite, string ConnectionString, bool Intercepted, DbCommand Scratch, DbDataSource? Postgres);

    /// <summary>
    /// A context kept for the EF model and EF's services (names, type mappings), never queried:
    /// the statements are built from it, so a turn that needs nothing else rents no context.
    /// </summary>
    internal StoreDbContext Model => Shape.Model;

    /// <summary>Makes parameters (EF's type mappings make them from a command) before any connection
    /// is taken; never executed. Creating a parameter touches no state of the command.</summary>
    internal DbCommand Scratch => Shape.Scratch;

    private StoreShape Shape => _shape ?? Describe();

    private StoreShape Describe()
    {
        lock (_describing)
        {
            if (_shape is not null) return _shape;
            var db = contexts.CreateDbContext();
            var sqlite = db.Database.IsSqlite();
            var connectionString = db.Database.GetConnectionString()!;
            var intercepted = db.GetService<IDbContextOptions>().FindExtension<CoreOptionsExtension>()?.Interceptors?.Any(i => i is IDbCommandInterceptor) == true;
            var scratch = db.Database.GetDbConnection().CreateCommand();
            var postgres = sqlite ? null : (contexts as StoreDbContextFactory)?.PostgresDataSource;
            return _shape = new StoreShape(db, sqlite, connectionString, intercepted, scratch, postgres);
        }
    }

    /// <summary>A connection for a turn whose context is the scope's (rented only if the statements need it).</summary>
    internal async ValueTask<TurnConnection> OpenAsync(StoreContextLease lease, CancellationToken ct)
    {
        var shape = Shape;
        if (shape.Postgres is { } dataSource)
        {
            return new TurnConnection(lease, await dataSource.OpenConnectionAsync(ct), null, shape.Intercepted) { OwnsConnection = true };
        }
        if (!shape.Sqlite)
        {
            // Contexts made by another factory (none in the service): the context's own connection.
            var db = lease.Context;
            await db.Database.OpenConnectionAsync(ct);
            return new TurnConnection(lease, db.Database.GetDbConnection(), null, shape.Intercepted);
        }
        if (_idle.TryPop(out var kept))
        {
            kept.Rebind(lease);
            return kept;
        }
        var connection = new SqliteConnection(shape.ConnectionString);
        await connection.OpenAsync(ct);
        await using (var pragma = connection.CreateCommand())
        {
            pragma.CommandText = SqlitePragma;
            await pragma.ExecuteNonQueryAsync(ct);
        }
        return new TurnConnection(lease, connection, shape.ConnectionString, shape.Intercepted) { Owner = this };
    }

    /// <summary>A connection for statements run with a context the caller holds.</summary>
    internal ValueTask<TurnConnection> OpenAsync(StoreDbContext db, CancellationToken ct) => OpenAsync(new StoreContextLease(db), ct);

    internal void Return(TurnConnection connection)
    {
        if (_disposed || connection.Broken || _idle.Count >= MaxIdle)
        {
            connection.Close();
            return;
        }
        _idle.Push(connection);
        // Closed by Dispose should it have raced this return.
        if (_disposed && _idle.TryPop(out var late)) late.Close();
    }

    /// <summary>How many SQLite connections wait for a turn (for tests).</summary>
    public int IdleCount(string connectionString) => _shape is { Sqlite: true } shape && shape.ConnectionString == connectionString ? _idle.Count : 0;

    public void Dispose()
    {
        _disposed = true;
        while (_idle.TryPop(out var connection)) connection.Close();
        if (_shape is { } shape)
        {
            shape.Scratch.Dispose();
            shape.Model.Dispose();
        }
    }
}
