using System.Diagnostics;

namespace CoProduction.Store.Setup;

/// <summary>
/// Lets one turn at a time write to an embedded SQLite store, queued in order. SQLite allows one
/// writer; without this, the others find the database locked and the SQLite driver retries them
/// by sleeping a thread between attempts, which under a burst of texts turned a 1 ms write into
/// second-long waits and starved the thread pool (seen in a profile of the turn benchmark). PostgreSQL takes row locks itself: no gate.
/// One process per SQLite file is the supported set-up (several nodes need PostgreSQL), so a
/// process-wide gate is the whole queue.
/// <para>
/// Group commit (<see cref="EnterTurnAsync"/>): a turn's save that finishes while other writers
/// already wait at the gate does not commit. It leaves its transaction open on the writer's
/// connection and hands the gate on; the next turn's statements join that transaction, each turn
/// inside a savepoint of its own (a refused or failed turn rolls back only its own work; the turn
/// that began the transaction needs none, its rollback being the transaction's), and the
/// last turn of the batch (nobody waiting, or <see cref="MaxBatch"/> turns, or the batch
/// <see cref="MaxBatchAge"/> old) commits for all. Every turn of a batch waits for that commit
/// before it returns, so each still replies only after its rows are committed, and a failed commit
/// fails every turn of the batch as it would have failed one turn alone. Consecutive turns dirty
/// the same pages (the answers' indexes, the claims): a batch writes each page to the WAL once.
/// Every other user of the gate (<see cref="EnterAsync"/>) writes outside the batch, so the open
/// batch is committed before the gate is theirs.
/// </para>
/// </summary>
public sealed class StoreWriteGate
{
    /// <summary>At most this many turns share one commit.</summary>
    public const int MaxBatch = 16;

    /// <summary>A batch older than this is committed by the turn that holds it, whoever waits.</summary>
    public static readonly TimeSpan MaxBatchAge = TimeSpan.FromMilliseconds(5);

    // A turn of a batch that sees no commit for this long commits the batch itself (a writer that
    // was waiting gave up after the batch was handed on to it, and no one else came). Long: on a
    // starved core a batch's hand-overs can take longer than 100 ms, and turns that then queued
    // at the gate to commit it (tried first) made every batch wait behind them.
    private static readonly TimeSpan Stalled = TimeSpan.FromSeconds(2);

    private readonly SemaphoreSlim? _gate;
    private int _waiting;

    // The batch whose transaction is open on the writer's connection: read and changed only by the gate's holder.
    private Batch? _open;

    public StoreWriteGate(StoreProvider provider)
    {
        _gate = provider == StoreProvider.Sqlite ? new SemaphoreSlim(1, 1) : null;
    }

    /// <summary>Waits for this turn's turn to write; dispose the result to let the next one in.</summary>
    public async ValueTask<IDisposable> EnterAsync(CancellationToken ct)
    {
        if (_gate is null) return Open.Instance;
        await WaitAsync(_gate, ct);
        // This user writes outside the open batch (another connection, or the writer's without its transaction).
        if (_open is not null) await CommitOpenAsync();
        return new Release(this);
    }

    /// <summary>
    /// Enters at once when no one holds the gate (null when someone does; nobody waits here). A
    /// turn's load takes it this way to read on the writer's own connection
    /// (<see cref="TurnConnections.OpenWriterAsync"/>): free means no one else is using that connection.
    /// Not while a batch is open on it: its rows are not committed yet.
    /// </summary>
    public IDisposable? TryEnter()
    {
        if (_gate is null) return Open.Instance;
        if (Volatile.Read(ref _open) is not null || !_gate.Wait(0)) return null;
        if (_open is null) return new Release(this);
        _gate.Release();
        return null;
    }

    /// <summary>
    /// Waits for the gate for a turn's save that may share its commit with the turns around it
    /// (see the class's remarks). Hold the result while the save runs:
    /// <see cref="TurnWrite.BeginAsync"/> on the writer's connection, its statements, the
    /// connection given back, then <see cref="TurnWrite.EndAsync"/>.
    /// </summary>
    internal async ValueTask<TurnWrite> EnterTurnAsync(CancellationToken ct)
    {
        if (_gate is null) return TurnWrite.Unbatched;
        await WaitAsync(_gate, ct);
        return new TurnWrite(this);
    }

    private async ValueTask WaitAsync(SemaphoreSlim gate, CancellationToken ct)
    {
        Interlocked.Increment(ref _waiting);
        try
        {
            await gate.WaitAsync(ct);
        }
        catch (OperationCanceledException)
        {
            // The gate may have been handed on with a batch open because this writer was waiting.
            Interlocked.Decrement(ref _waiting);
            await CommitIfIdleAsync(gate);
            throw;
        }
        Interlocked.Decrement(ref _waiting);
    }

    private async Task CommitIfIdleAsync(SemaphoreSlim gate)
    {
        if (Volatile.Read(ref _open) is null || Volatile.Read(ref _waiting) > 0 || !gate.Wait(0)) return;
        try
        {
            if (_open is not null) await CommitOpenAsync();
        }
        finally
        {
            LetGo();
        }
    }

    /// <summary>Commits the open batch (the gate's holder only) and tells its turns; never throws (they do).</summary>
    private async Task CommitOpenAsync()
    {
        var batch = _open!;
        Volatile.Write(ref _open, null);
        try
        {
            await batch.Connection.CommitBatchAsync();
        }
        catch (Exception e)
        {
            batch.Done.TrySetException(e);
            return;
        }
        batch.Done.TrySetResult();
    }

    /// <summary>One turn's hold on the gate for a save that may join a batch.</summary>
    internal sealed class TurnWrite
    {
        public static readonly TurnWrite Unbatched = new(null);

        private readonly StoreWriteGate? _owner;
        private Batch? _batch;
        private bool _held;

        internal TurnWrite(StoreWriteGate? owner)
        {
            _owner = owner;
            _held = owner is not null;
        }

        /// <summary>
        /// Opens this turn's savepoint on the writer's connection: in the open batch's transaction when
        /// there is one, else a new transaction that starts a batch (its first turn needs no savepoint). PostgreSQL: nothing.
        /// </summary>
        public async Task BeginAsync(TurnConnection connection, CancellationToken ct)
        {
            if (_owner is null) return;
            if (_owner._open is { } open)
            {
                if (ReferenceEquals(open.Connection, connection) && connection.Transaction is not null)
                {
                    await connection.SavepointAsync(ct);
                    open.Turns++;
                    _batch = open;
                    return;
                }
                // The writer's connection was replaced (it broke): that batch cannot commit; ends it.
                await _owner.CommitOpenAsync();
            }
            // The batch's first turn needs no savepoint: undoing its work is rolling the transaction back.
            await connection.BeginBatchAsync(ct);
            _batch = new Batch(connection);
            Volatile.Write(ref _owner._open, _batch);
        }

        /// <summary>
        /// Call once the save's connection is given back. Leaves the batch open for the next writer
        /// when one waits (and the batch is not full or old), else commits it; lets the next writer
        /// in; then, when this turn joined the batch and <paramref name="wait"/>, waits for the batch's
        /// commit and throws its failure (whether its own work was kept or refused: a refused turn's
        /// next look must find the batch committed). A turn whose statements threw passes false: it
        /// gives its own exception, its work already rolled back to its savepoint.
        /// </summary>
        public async Task EndAsync(bool wait)
        {
            if (_owner is null) return;
            var batch = _batch;
            if (_held)
            {
                _held = false;
                try
                {
                    if (_owner._open is { } open)
                    {
                        if (open.Connection.BatchBroken is not null) await _owner.AbortOpenAsync();
                        // Its first turn alone in it was refused or failed, and rolled the transaction back: nothing to commit.
                        else if (open.Connection.Transaction is null) _owner.EndEmpty();
                        else if (Volatile.Read(ref _owner._waiting) == 0 || open.Turns >= MaxBatch || Stopwatch.GetElapsedTime(open.Started) >= MaxBatchAge)
                        {
                            await _owner.CommitOpenAsync();
                        }
                    }
                }
                finally
                {
                    _owner.LetGo();
                }
            }
            if (batch is null || !wait) return;
            while (!batch.Done.Task.IsCompleted)
            {
                try
                {
                    await batch.Done.Task.WaitAsync(Stalled);
                }
                catch (TimeoutException)
                {
                    // Handed on to a writer that gave up, and no one else came: the gate's user commits it.
                    using (await _owner.EnterAsync(CancellationToken.None)) { }
                }
            }
            await batch.Done.Task;
        }
    }

    /// <summary>The open batch's transaction was rolled back by its only turn: ended, nothing to tell anyone.</summary>
    private void EndEmpty()
    {
        var batch = _open!;
        Volatile.Write(ref _open, null);
        batch.Done.TrySetResult();
    }

    /// <summary>The open batch's transaction can no longer commit (a statement's failure ended it): rolled back, its turns told.</summary>
    private async Task AbortOpenAsync()
    {
        var batch = _open!;
        Volatile.Write(ref _open, null);
        var failure = batch.Connection.BatchBroken!;
        await batch.Connection.RollbackBatchAsync();
        // The failure that ended it, as each turn would have met it alone (a full disk is a full disk).
        batch.Done.TrySetException(failure);
    }

    private sealed class Batch(TurnConnection connection)
    {
        public TurnConnection Connection { get; } = connection;
        public TaskCompletionSource Done { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
        public long Started { get; } = Stopwatch.GetTimestamp();
        public int Turns { get; set; } = 1;
    }

    private sealed class Release(StoreWriteGate owner) : IDisposable
    {
        private int _released;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _released, 1) == 0) owner.LetGo();
        }
    }

    // Each time the gate is let go (every write to the store through it ends so), for the background
    // checkpoint (SqliteCheckpointer), which sleeps while nothing is written instead of looking at the WAL
    // 100 times a second: a writer wakes it only when it sleeps (one read of a flag otherwise).
    private long _letGo;
    private int _watched;
    private readonly ManualResetEventSlim _written = new(false, 0);

    /// <summary>How many times the gate has been let go since the process started.</summary>
    internal long LetGoCount => Interlocked.Read(ref _letGo);

    /// <summary>
    /// Blocks until the gate is let go after <paramref name="seen"/> (<see cref="LetGoCount"/>) or
    /// <paramref name="timeout"/> passes; true when it was. PostgreSQL (no gate): false at once.
    /// </summary>
    internal bool WaitForWrite(long seen, TimeSpan timeout, CancellationToken ct)
    {
        if (_gate is null) return false;
        _written.Reset();
        Interlocked.Exchange(ref _watched, 1);
        try
        {
            return Interlocked.Read(ref _letGo) != seen || _written.Wait(timeout, ct);
        }
        finally
        {
            Volatile.Write(ref _watched, 0);
        }
    }

    private void LetGo()
    {
        // Counted before the gate is released, so a pass that looks after it sees the write.
        Interlocked.Increment(ref _letGo);
        _gate!.Release();
        if (Volatile.Read(ref _watched) == 1) _written.Set();
    }

    private sealed class Open : IDisposable
    {
        public static readonly Open Instance = new();
        public void Dispose() { }
    }
}
