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

    /// <summary>
    /// The writer's connection: as the others, with a 4 MB page cache. Its commit walks its whole cache
    /// whenever a page split in the transaction parked a page at SQLite's lock-byte page number
    /// (<c>balance_nonroot</c> renumbers through it; <c>pcache1TruncateUnsafe</c> then scans every bucket
    /// and page to drop none): the walk is as long as the cache. The writer's pages are mostly the
    /// indexes' inner pages and the leaves the last turns touched, which a quarter of the size still holds.
    /// </summary>
    internal const string SqliteWriterPragma = SqliteDurability.Pragma + " PRAGMA cache_size=-4096;";

    private readonly ConcurrentStack<TurnConnection> _idle = new();
    private TurnConnection? _writer;
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
        return await OpenSqliteAsync(shape, lease, writer: false, ct);
    }

    /// <summary>
    /// The writer's connection: call only while holding the <see cref="StoreWriteGate"/> (on SQLite it
    /// is one connection, and the gate's holder is its only user). A turn's save always runs on it and
    /// its load does too when the gate is free, so the statements SQLite runs most are prepared on it
    /// once, and its page cache stays valid from turn to turn: SQLite drops a connection's whole cache
    /// when another connection has committed since its last read. It also keeps readers on other
    /// connections rare, so the checkpoint at a commit can copy the whole WAL back and start it again
    /// (a reader still on an older snapshot stops it part-way, and under continuous turns the WAL grew).
    /// On PostgreSQL (no gate), as <see cref="OpenAsync(StoreContextLease, CancellationToken)"/>.
    /// </summary>
    internal async ValueTask<TurnConnection> OpenWriterAsync(StoreContextLease lease, CancellationToken ct)
    {
        var shape = Shape;
        if (!shape.Sqlite) return await OpenAsync(lease, ct);
        var writer = Interlocked.Exchange(ref _writer, null);
        if (writer is { Broken: false })
        {
            writer.Rebind(lease);
            return writer;
        }
        writer?.Close();
        return await OpenSqliteAsync(shape, lease, writer: true, ct);
    }

    /// <summary>
    /// A read's connection: the writer's when no one is writing (<paramref name="writing"/>, from
    /// <see cref="StoreWriteGate.TryEnter"/>, held by the caller for the read: its statements prepared,
    /// its page cache kept), else a kept one, without waiting for the writer. A text's load, a web
    /// visitor's load and a chat request's conversation look-up read this way; their statements run
    /// synchronously on SQLite, so the gate is held only for their time.
    /// </summary>
    internal ValueTask<TurnConnection> OpenForReadAsync(IDisposable? writing, StoreContextLease lease, CancellationToken ct) =>
        writing is null ? OpenAsync(lease, ct) : OpenWriterAsync(lease, ct);

    private async ValueTask<TurnConnection> OpenSqliteAsync(StoreShape shape, StoreContextLease lease, bool writer, CancellationToken ct)
    {
        var connection = new TurnSqliteConnection(shape.ConnectionString);
        await connection.OpenAsync(ct);
        await using (var pragma = connection.CreateCommand())
        {
            pragma.CommandText = writer ? SqliteWriterPragma : SqlitePragma;
            await pragma.ExecuteNonQueryAsync(ct);
        }
        return new TurnConnection(lease, connection, shape.ConnectionString, shape.Intercepted) { Owner = this, Writer = writer };
    }

    /// <summary>A connection for statements run with a context the caller holds.</summary>
    internal ValueTask<TurnConnection> OpenAsync(StoreDbContext db, CancellationToken ct) => OpenAsync(new StoreContextLease(db), ct);

    internal void Return(TurnConnection connection)
    {
        if (connection.Writer)
        {
            if (_disposed || connection.Broken)
            {
                connection.Close();
                return;
            }
            // Only the gate's holder uses the writer, so nothing was kept meanwhile.
            Interlocked.Exchange(ref _writer, connection)?.Close();
            if (_disposed) Interlocked.Exchange(ref _writer, null)?.Close();
            return;
        }
        if (_disposed || connection.Broken || _idle.Count >= MaxIdle)
        {
            connection.Close();
            return;
        }
        _idle.Push(connection);
        // Closed by Dispose should it have raced this return.
        if (_disposed && _idle.TryPop(out var late)) late.Close();
    }

    /// <summary>How many SQLite connections wait for a turn, the writer's included (for tests).</summary>
    public int IdleCount(string connectionString) =>
        _shape is { Sqlite: true } shape && shape.ConnectionString == connectionString ? _idle.Count + (_writer is null ? 0 : 1) : 0;

    public void Dispose()
    {
        _disposed = true;
        while (_idle.TryPop(out var connection)) connection.Close();
        Interlocked.Exchange(ref _writer, null)?.Close();
        if (_shape is { } shape)
        {
            shape.Scratch.Dispose();
            shape.Model.Dispose();
        }
    }
}
