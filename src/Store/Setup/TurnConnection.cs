using System.Collections.Concurrent;
using System.Data;
using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Storage;

namespace CoProduction.Store.Setup;

/// <summary>
/// One turn's use of a connection for hand-written statements (<see cref="TurnConnections"/>):
/// its transaction, its commands (on SQLite kept from turn to turn, so each is prepared once),
/// and on PostgreSQL several statements sent together as one batch (one round trip). EF's command
/// interceptors still see every statement, as they see EF's own.
/// </summary>
internal sealed class TurnConnection : IAsyncDisposable
{
    private readonly DbConnection _connection;
    private readonly string? _poolKey;
    private readonly Dictionary<string, DbCommand> _commands = new(StringComparer.Ordinal);
    private readonly List<DbCommand> _oneOff = [];
    private readonly List<DbBatch> _oneOffBatches = [];
    private readonly bool _intercepted;
    private StoreContextLease _lease;

    internal TurnConnection(StoreContextLease lease, DbConnection connection, string? poolKey, bool intercepted)
    {
        _connection = connection;
        _poolKey = poolKey;
        _lease = lease;
        Scratch = connection.CreateCommand();
        _intercepted = intercepted;
    }

    internal TurnConnections? Owner { get; init; }

    /// <summary>PostgreSQL: a connection opened from the data source for this turn alone, given back to its pool at the end.</summary>
    internal bool OwnsConnection { get; init; }

    /// <summary>The writer's connection (<see cref="TurnConnections.OpenWriterAsync"/>), not one of the idle ones.</summary>
    internal bool Writer { get; init; }

    /// <summary>Makes parameters (EF's type mappings make them from a command); never executed.</summary>
    public DbCommand Scratch { get; }

    public DbTransaction? Transaction { get; private set; }

    internal bool Broken => _connection.State != ConnectionState.Open;

    /// <summary>Taken by another turn from the pool: its context is the one whose interceptors apply.</summary>
    internal void Rebind(StoreContextLease lease) => _lease = lease;

    /// <summary>Begins the turn's own transaction; one already open (the turn's, or a batch's it joined) is a mistake, said plainly.</summary>
    public async Task BeginAsync(CancellationToken ct)
    {
        if (Transaction is not null)
        {
            throw new InvalidOperationException(_batched
                ? "This turn's statements already run in a batch's transaction (group commit): they need no transaction of their own."
                : "This turn connection already has a transaction open: commit or roll it back before beginning another.");
        }
        Transaction = await _connection.BeginTransactionAsync(ct);
    }

    // SQLite group commit (StoreWriteGate.EnterTurnAsync): the transaction is a batch's, shared by
    // several turns; each turn's work is a savepoint in it, which the turn's own commit releases and
    // its rollback undoes, while the batch's commit is the gate's (CommitBatchAsync).
    private bool _batched;
    private bool _savepoint;

    // The turn that began the batch's transaction, while its statements run: the transaction holds its
    // work alone, so it needs no savepoint (a SAVEPOINT and a RELEASE fewer, and no page copied to the
    // savepoint's journal): undoing its work is rolling the whole transaction back.
    private bool _alone;

    /// <summary>The batch's transaction ended with a turn's failure (its savepoint could not be undone): it cannot commit.</summary>
    internal Exception? BatchBroken { get; private set; }

    /// <summary>Begins a transaction that turns will share (<see cref="StoreWriteGate"/>).</summary>
    internal async Task BeginBatchAsync(CancellationToken ct)
    {
        if (!_journalInMemory)
        {
            // A savepoint keeps the pages it changes in a journal, which SQLite spills to a temporary
            // file past 64 KB (a turn's ~16 pages did): kept in memory, that is no write at all.
            await Command(JournalInMemorySql, []).ExecuteNonQueryAsync(ct);
            _journalInMemory = true;
        }
        if (_poolKey is not null)
        {
            // A kept command: Microsoft.Data.Sqlite's own transaction prepares its BEGIN and its COMMIT
            // afresh every time (the only statements a steady SMS load prepared: one a turn at 8 phones).
            await Command(BeginSql, []).ExecuteNonQueryAsync(ct);
            Transaction = _kept ??= new KeptTransaction(this);
            // Microsoft.Data.Sqlite does not know of this transaction: one of its own begun now is refused, plainly.
            if (_connection is TurnSqliteConnection turnSqlite) turnSqlite.InKeptTransaction = true;
        }
        else
        {
            Transaction = await _connection.BeginTransactionAsync(ct);
        }
        (_batched, BatchBroken, _savepoint, _alone) = (true, null, false, true);
    }

    /// <summary>Opens a turn's savepoint in the batch's transaction: <see cref="CommitAsync"/> keeps its work, <see cref="RollbackAsync"/> undoes it.</summary>
    internal async Task SavepointAsync(CancellationToken ct)
    {
        await Command(SavepointSql, []).ExecuteNonQueryAsync(ct);
        (_savepoint, _alone) = (true, false);
    }

    private bool _journalInMemory;
    private const string JournalInMemorySql = "PRAGMA temp_store=MEMORY";
    private const string SavepointSql = "SAVEPOINT turn";
    private const string ReleaseSql = "RELEASE turn";
    private const string UndoSql = "ROLLBACK TO turn";
    private const string BeginSql = "BEGIN IMMEDIATE";
    private const string CommitSql = "COMMIT";
    private const string RollbackSql = "ROLLBACK";
    private KeptTransaction? _kept;

    /// <summary>
    /// A batch's transaction on a kept SQLite connection, begun and ended by kept commands (prepared once
    /// per connection) rather than by Microsoft.Data.Sqlite's <c>SqliteTransaction</c>. SQLite knows it as
    /// any transaction (the commit hook, a full disk's failure); the connection object does not, so the
    /// commands run in it carry no transaction object (<see cref="Command"/>), and a <c>SqliteTransaction</c>
    /// begun on the connection meanwhile is refused with a plain message (<see cref="TurnSqliteConnection"/>).
    /// </summary>
    private sealed class KeptTransaction(TurnConnection owner) : DbTransaction
    {
        public override IsolationLevel IsolationLevel => IsolationLevel.Serializable;
        protected override DbConnection DbConnection => owner._connection;
        public override void Commit() => owner.Command(CommitSql, []).ExecuteNonQuery();
        public override void Rollback() => owner.Command(RollbackSql, []).ExecuteNonQuery();
    }

    /// <summary>Commits the batch's transaction (the gate's holder); on failure it is rolled back and the failure thrown.</summary>
    internal async Task CommitBatchAsync()
    {
        (_batched, _savepoint, _alone) = (false, false, false);
        if (Transaction is null) throw new InvalidOperationException("The batch's transaction was lost before its commit.");
        try
        {
            await Transaction.CommitAsync(CancellationToken.None);
        }
        catch
        {
            await RollbackBatchAsync();
            throw;
        }
        await EndTransactionAsync();
    }

    /// <summary>Rolls the batch's transaction back (it cannot commit); never throws.</summary>
    internal async Task RollbackBatchAsync()
    {
        (_batched, _savepoint, _alone) = (false, false, false);
        try
        {
            await RollbackAsync();
        }
        catch (Exception e) when (e is DbException or InvalidOperationException)
        {
            // Already ended by SQLite itself (the failure that broke it).
        }
    }

    public async Task CommitAsync(CancellationToken ct)
    {
        if (_batched)
        {
            // The turn's work kept in the batch; committed with it.
            if (_savepoint) await Command(ReleaseSql, []).ExecuteNonQueryAsync(ct);
            (_savepoint, _alone) = (false, false);
            return;
        }
        await Transaction!.CommitAsync(ct);
        await EndTransactionAsync();
    }

    /// <summary>Not cancellable: a half-undone rollback is worse than the failure itself.</summary>
    public async Task RollbackAsync()
    {
        if (Transaction is null) return;
        if (_batched && _alone)
        {
            // The batch's first turn: its work is all the transaction holds, so the batch ends here,
            // empty (the gate sees no transaction and commits nothing: StoreWriteGate.TurnWrite.EndAsync).
            (_batched, _alone) = (false, false);
            try
            {
                await Transaction.RollbackAsync(CancellationToken.None);
            }
            catch (Exception e) when (e is DbException or InvalidOperationException)
            {
                // Already ended by SQLite itself (the failure that broke it): ended either way.
            }
            finally
            {
                await EndTransactionAsync();
            }
            return;
        }
        if (_batched)
        {
            if (!_savepoint) return;
            _savepoint = false;
            try
            {
                // Only this turn's work; the batch's other turns keep theirs.
                await Command(UndoSql, []).ExecuteNonQueryAsync(CancellationToken.None);
                await Command(ReleaseSql, []).ExecuteNonQueryAsync(CancellationToken.None);
            }
            catch (Exception e) when (e is DbException or InvalidOperationException)
            {
                // The failure ended the whole transaction (SQLite does for a full disk or an I/O error).
                BatchBroken = e;
            }
            return;
        }
        try
        {
            await Transaction.RollbackAsync(CancellationToken.None);
        }
        finally
        {
            await EndTransactionAsync();
        }
    }

    /// <summary>Runs one command (which may hold several statements) and reads what it returns.</summary>
    public async Task<DbDataReader> ReaderAsync(string sql, IReadOnlyList<DbParameter> parameters, CancellationToken ct)
    {
        var text = await InterceptAsync(sql, reader: true, ct);
        if (_poolKey is null && _connection.CanCreateBatch && PositionalSql.For(text) is { } positional)
        {
            // PostgreSQL: each statement with its parameters numbered, so Npgsql sends the text as it is.
            var batch = _connection.CreateBatch();
            batch.Transaction = Transaction;
            if (positional.AddTo(batch, MadeAll(parameters)))
            {
                _oneOffBatches.Add(batch);
                return await batch.ExecuteReaderAsync(ct);
            }
            await batch.DisposeAsync();
        }
        var command = Command(text, parameters);
        return await command.ExecuteReaderAsync(ct);
    }

    /// <summary>
    /// Adds one statement to a PostgreSQL batch: its parameters numbered when the text allows
    /// (<see cref="PositionalSql"/>), else as named, for Npgsql to rewrite.
    /// </summary>
    private void AddStatement(DbBatch batch, string text, DbParameter[] parameters)
    {
        var made = MadeAll(parameters);
        if (PositionalSql.For(text) is { Statements.Length: 1 } positional && positional.AddTo(batch, made)) return;
        var command = batch.CreateBatchCommand();
        command.CommandText = text;
        foreach (var parameter in made) command.Parameters.Add(parameter);
        batch.BatchCommands.Add(command);
    }

    /// <summary>
    /// Runs the statements in order, in the transaction, and says how many rows each changed. On
    /// PostgreSQL they go as one batch (one round trip); SQLite runs in-process, one after another.
    /// </summary>
    public async Task<int[]> WriteAsync(IReadOnlyList<(string Sql, DbParameter[] Parameters)> statements, CancellationToken ct)
    {
        var changed = new int[statements.Count];
        if (_poolKey is null && _connection.CanCreateBatch)
        {
            await using var batch = _connection.CreateBatch();
            batch.Transaction = Transaction;
            foreach (var (sql, parameters) in statements) AddStatement(batch, await InterceptAsync(sql, reader: false, ct), parameters);
            await batch.ExecuteNonQueryAsync(ct);
            for (var i = 0; i < changed.Length; i++) changed[i] = batch.BatchCommands[i].RecordsAffected;
            return changed;
        }
        for (var i = 0; i < changed.Length; i++)
        {
            var command = Command(await InterceptAsync(statements[i].Sql, reader: false, ct), statements[i].Parameters);
            changed[i] = await command.ExecuteNonQueryAsync(ct);
        }
        return changed;
    }

    /// <summary>
    /// Runs the statements in order and commits them together, unless one marked <c>One</c> changes
    /// no row: then nothing is kept and its index is returned (the first such). Call with no
    /// transaction begun, or in one begun for reads the statements needed (then committed here too). SQLite: BEGIN, the statements (stopping at the first refused), COMMIT.
    /// PostgreSQL: one batch and no BEGIN or COMMIT, so the save is one round trip: a batch is one
    /// implicit transaction, all or nothing, and each <c>One</c> statement is sent wrapped so that
    /// changing no row fails it (<see cref="MustChangeOne"/>), which rolls the batch back; the error
    /// names which statement it was.
    /// </summary>
    public async Task<int?> WriteAllAsync(IReadOnlyList<(string Sql, DbParameter[] Parameters, bool One)> statements, CancellationToken ct)
    {
        // Begun already when a statement had to read first (a web chat turn takes its activities' numbers).
        var begun = Transaction is not null;
        if (_poolKey is null && _connection.CanCreateBatch)
        {
            await using var batch = _connection.CreateBatch();
            batch.Transaction = Transaction;
            for (var i = 0; i < statements.Count; i++)
            {
                var (sql, parameters, one) = statements[i];
                var text = await InterceptAsync(sql, reader: false, ct);
                AddStatement(batch, one ? MustChangeOne(text, i) : text, parameters);
            }
            try
            {
                await batch.ExecuteNonQueryAsync(ct);
            }
            catch (DbException e) when (e.SqlState == NoRowChanged && RefusedAt(e.Message) is { } at)
            {
                if (begun) await RollbackAsync();
                return at;
            }
            if (begun) await CommitAsync(ct);
            return null;
        }
        if (!begun) await BeginAsync(ct);
        for (var i = 0; i < statements.Count; i++)
        {
            var (sql, parameters, one) = statements[i];
            var command = Command(await InterceptAsync(sql, reader: false, ct), parameters);
            if (await command.ExecuteNonQueryAsync(ct) != 1 && one)
            {
                await RollbackAsync();
                return i;
            }
        }
        await CommitAsync(ct);
        return null;
    }

    // PostgreSQL's invalid_text_representation: what a wrapped statement raises when it changed no
    // row, its text naming the statement (the batch's failed command is not reported reliably).
    private const string NoRowChanged = "22P02";
    private const string Refused = " rows changed by statement ";

    private static readonly ConcurrentDictionary<(string, int), string> Wrapped = new();

    /// <summary>
    /// An INSERT or UPDATE that fails when it changes no row. The failing cast depends on the row
    /// count, so the server cannot fold it into a failure at planning time.
    /// </summary>
    internal static string MustChangeOne(string sql, int index) =>
        Wrapped.GetOrAdd((sql, index), key => $"WITH changed AS ({key.Item1} RETURNING 1) "
            + $"SELECT CASE count(*) WHEN 1 THEN 1 ELSE CAST(count(*) || '{Refused}{key.Item2}' AS integer) END FROM changed");

    private static int? RefusedAt(string message)
    {
        var at = message.IndexOf(Refused, StringComparison.Ordinal);
        if (at < 0) return null;
        var digits = message.AsSpan(at + Refused.Length);
        var end = 0;
        while (end < digits.Length && char.IsAsciiDigit(digits[end])) end++;
        return int.TryParse(digits[..end], System.Globalization.CultureInfo.InvariantCulture, out var index) ? index : null;
    }

    private DbCommand Command(string sql, IReadOnlyList<DbParameter> parameters)
    {
        DbCommand command;
        if (_poolKey is null)
        {
            // PostgreSQL: Npgsql's auto-prepare finds the statement prepared on the server connection.
            command = _connection.CreateCommand();
            command.CommandText = sql;
            _oneOff.Add(command);
        }
        else if (!_commands.TryGetValue(sql, out command!))
        {
            command = _connection.CreateCommand();
            command.CommandText = sql;
            _commands[sql] = command;
        }
        command.Transaction = Transaction is KeptTransaction ? null : Transaction;
        var kept = command.Parameters;
        // A kept command's parameters were made on its first turn: each turn sets their values.
        if (kept.Count != parameters.Count || !SetKept(kept, parameters))
        {
            kept.Clear();
            foreach (var parameter in parameters) kept.Add(parameter is TurnValue value ? value.Create(command) : parameter);
        }
        return command;
    }

    /// <summary>Every value set into the parameter at its place, or false (then they are all made again).</summary>
    private static bool SetKept(DbParameterCollection kept, IReadOnlyList<DbParameter> parameters)
    {
        for (var i = 0; i < parameters.Count; i++)
        {
            if (parameters[i] is not TurnValue value || !value.TrySet(kept[i])) return false;
        }
        return true;
    }

    /// <summary>A parameter made by the provider, for a batch or a command kept for this turn alone.</summary>
    private DbParameter Made(DbParameter parameter) => parameter is TurnValue value ? value.Create(Scratch) : parameter;

    /// <summary>The parameters made by the provider (<see cref="Made"/>), for a batch's statement.</summary>
    private IReadOnlyList<DbParameter> MadeAll(IReadOnlyList<DbParameter> parameters)
    {
        var any = false;
        foreach (var parameter in parameters) any |= parameter is TurnValue;
        if (!any) return parameters;
        var made = new DbParameter[parameters.Count];
        for (var i = 0; i < made.Length; i++) made[i] = Made(parameters[i]);
        return made;
    }

    /// <summary>
    /// EF's command interceptors (none in the service; tests use one to make the store fail) see
    /// the statement before it runs and may refuse it or rewrite its text. Only then is the
    /// turn's context rented (the interceptors are called with it).
    /// </summary>
    private async ValueTask<string> InterceptAsync(string sql, bool reader, CancellationToken ct)
    {
        if (!_intercepted) return sql;
        var db = _lease.Context;
        var logger = db.GetService<IRelationalCommandDiagnosticsLogger>();
        var connection = db.GetService<IRelationalConnection>();
        using var probe = _connection.CreateCommand();
        probe.CommandText = sql;
        var id = Guid.NewGuid();
        if (reader)
        {
            var result = await logger.CommandReaderExecutingAsync(connection, probe, sql, db, id, connection.ConnectionId, DateTimeOffset.UtcNow, CommandSource.Unknown, ct);
            if (result.HasResult) throw new NotSupportedException("An interceptor cannot answer a turn's statement in its place.");
        }
        else
        {
            var result = await logger.CommandNonQueryExecutingAsync(connection, probe, sql, db, id, connection.ConnectionId, DateTimeOffset.UtcNow, CommandSource.Unknown, ct);
            if (result.HasResult) throw new NotSupportedException("An interceptor cannot answer a turn's statement in its place.");
        }
        return probe.CommandText;
    }

    private async Task EndTransactionAsync()
    {
        var transaction = Transaction;
        Transaction = null;
        if (transaction is KeptTransaction && _connection is TurnSqliteConnection turnSqlite) turnSqlite.InKeptTransaction = false;
        if (transaction is not null) await transaction.DisposeAsync();
        foreach (var command in _commands.Values) command.Transaction = null;
    }

    internal void Close()
    {
        foreach (var command in _commands.Values) command.Dispose();
        _commands.Clear();
        Scratch.Dispose();
        _connection.Dispose();
    }

    public async ValueTask DisposeAsync()
    {
        await RollbackAsync();
        if (_poolKey is null)
        {
            foreach (var command in _oneOff) await command.DisposeAsync();
            foreach (var batch in _oneOffBatches) await batch.DisposeAsync();
            Scratch.Dispose();
            if (OwnsConnection) await _connection.DisposeAsync();
            else await _lease.Context.Database.CloseConnectionAsync();
            return;
        }
        Owner!.Return(this);
    }
}
