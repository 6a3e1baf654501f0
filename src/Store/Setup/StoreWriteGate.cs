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
/// A batch is also left open when the thread pool has work queued (<see cref="WorkQueued"/>): on a
/// busy core that is mostly the next requests, each a turn that will join the batch a few hundred
/// microseconds later; one work item queued behind that work commits the batch should none of it be a turn.
/// A web chat's start and a chat token's count join batches as a turn's save does
/// (<c>WebChatHistory.StartAsync</c>, <c>RateCounters.IncrementAsync</c>): a new visitor's two small writes
/// among the chat turns. Every other user of the gate (<see cref="EnterAsync"/>) writes outside the batch,
/// so the open batch is committed before the gate is theirs.
/// </para>
/// </summary>
public sealed class StoreWriteGate
{
    /// <summary>At most this many turns share one commit.</summary>
    public const int MaxBatch = 16;

    /// <summary>
    /// A batch left open only because the thread pool has work queued (nobody waits at the gate) is
    /// committed at this many turns: its first turn's reply waits for all of them (the twenty-second
    /// round's p99 at 32 phones, with batches of up to <see cref="MaxBatch"/>).
    /// </summary>
    public const int MaxQueuedBatch = 8;

    /// <summary>A batch older than this is committed by the turn that holds it, whoever waits.</summary>
    public static readonly TimeSpan MaxBatchAge = TimeSpan.FromMilliseconds(5);

    private readonly SemaphoreSlim? _gate;
    private int _waiting;

    // The batch whose transaction is open on the writer's connection: read and changed only by the gate's holder.
    private Batch? _open;

    // 1 while a work item is queued to commit the open batch (CommitQueued): one at a time.
    private int _commitQueued;

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
        // Its turns are told from the pool, in one work item: not on this user's thread while it holds the gate.
        if (_open is not null) TellLater(await CommitOpenAsync());
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
            Interlocked.Decrement(ref _waiting);
            await CommitHandedOnAsync(gate);
            throw;
        }
        Interlocked.Decrement(ref _waiting);
    }

    /// <summary>
    /// A writer that gave up waiting (its caller went away) while a batch is open: the gate's holder
    /// may have counted it as waiting and be handing the batch on to it, and then no one else would
    /// commit that batch. So it waits for the gate without its cancellation (the holder lets go within
    /// a turn's writes) and commits the batch itself, then gives up as asked. With no batch open, or
    /// others still waiting (one of them is handed the batch, or gives up the same way), it leaves at once.
    /// </summary>
    private async Task CommitHandedOnAsync(SemaphoreSlim gate)
    {
        // Read after the decrement above (a full fence), as the holder reads the count after opening the batch.
        if (Volatile.Read(ref _open) is null || Volatile.Read(ref _waiting) > 0) return;
        await CommitStillOpenAsync(gate);
    }

    /// <summary>
    /// Takes the gate without a cancellation (its holder lets go within a turn's writes), commits the batch if one is
    /// still open, lets the gate go and then tells that batch's turns: for a writer that is not one of the batch's turns
    /// (<see cref="CommitHandedOnAsync"/>, <see cref="CommitQueuedAsync"/>).
    /// </summary>
    private async Task CommitStillOpenAsync(SemaphoreSlim gate)
    {
        await gate.WaitAsync(CancellationToken.None);
        Batch? done = null;
        try
        {
            if (_open is not null) done = await CommitOpenAsync();
        }
        finally
        {
            LetGo();
        }
        done?.Tell();
    }

    /// <summary>
    /// Commits the open batch (the gate's holder only) and keeps the outcome in the batch; never throws.
    /// Its turns are told (<see cref="Batch.Tell"/>) only once the gate is let go, or from the pool
    /// (<see cref="TellLater"/>): they go on with their turns on the teller's thread.
    /// </summary>
    private async Task<Batch> CommitOpenAsync()
    {
        var batch = _open!;
        Volatile.Write(ref _open, null);
        try
        {
            await batch.Connection.CommitBatchAsync();
        }
        catch (Exception e)
        {
            batch.Failure = e;
        }
        return batch;
    }

    /// <summary>
    /// The work item a holder queues when it leaves its batch open because the pool has work queued:
    /// it runs after that work (the pool's global queue is first in, first out), by when the turns among
    /// it have joined the batch, and commits the batch if no turn has (nothing when it is committed already).
    /// </summary>
    private void QueueCommit()
    {
        if (Interlocked.Exchange(ref _commitQueued, 1) == 1) return;
        ThreadPool.UnsafeQueueUserWorkItem(static gate => _ = gate.CommitQueuedAsync(), this, preferLocal: false);
    }

    private async Task CommitQueuedAsync()
    {
        // A full fence: a holder that found one queued (so queued none) opened its batch before, and it is seen here.
        Interlocked.Exchange(ref _commitQueued, 0);
        if (Volatile.Read(ref _open) is null) return;
        await CommitStillOpenAsync(_gate!);
    }

    /// <summary>
    /// Whether the thread pool has work queued that has not started (on a busy core, mostly the next
    /// requests' turns). A test sets it to say so or not, whatever the pool holds.
    /// </summary>
    internal Func<bool> WorkQueued { get; set; } = static () => ThreadPool.PendingWorkItemCount > 0;

    /// <summary>Tells a batch's turns from one work item of the pool (for a holder of the gate that must not run them itself).</summary>
    private static void TellLater(Batch batch) =>
        ThreadPool.UnsafeQueueUserWorkItem(static b => b.Tell(), batch, preferLocal: false);

    /// <summary><see cref="MaxBatchAge"/>; a test that needs a hand-over on a slow machine sets it longer.</summary>
    internal TimeSpan BatchAge { get; set; } = MaxBatchAge;

    /// <summary>How many writers wait at the gate now (for tests).</summary>
    internal int Waiting => Volatile.Read(ref _waiting);

    /// <summary>Test seam: called by a turn that leaves its batch open for a waiting writer, before it lets the gate go.</summary>
    internal Action? HandingOn { get; set; }

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
                TellLater(await _owner.CommitOpenAsync());
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
            var committed = await LeaveAsync();
            if (wait) await committed;
        }

        /// <summary>
        /// <see cref="EndAsync"/> without the wait: lets the gate go as it does and returns the batch's
        /// commit (completed when this turn's batch is committed or it joined none; faulted with the
        /// commit's failure). The caller must await it before the turn's replies go: a turn that
        /// leaves that wait to a frame above it does not box every async method between (the
        /// twenty-second round's allocations, ConversationStore.CommitAwaitedAbove).
        /// </summary>
        public async ValueTask<Task> LeaveAsync()
        {
            if (_owner is null) return Task.CompletedTask;
            var batch = _batch;
            if (_held)
            {
                _held = false;
                Batch? done = null;
                try
                {
                    if (_owner._open is { } open)
                    {
                        if (open.Connection.BatchBroken is not null) done = await _owner.AbortOpenAsync();
                        // Its first turn alone in it was refused or failed, and rolled the transaction back: nothing to commit.
                        else if (open.Connection.Transaction is null) done = _owner.EndEmpty();
                        else if (open.Turns >= MaxBatch || Stopwatch.GetElapsedTime(open.Started) >= _owner.BatchAge)
                        {
                            done = await _owner.CommitOpenAsync();
                        }
                        // A full fence before the count is read: a writer that gives up reads the open batch after uncounting itself.
                        else if (Interlocked.CompareExchange(ref _owner._waiting, 0, 0) == 0)
                        {
                            // Nobody waits; work queued is mostly the next turns: left open for them (up to
                            // MaxQueuedBatch turns, so a batch's first turn does not wait for sixteen), and
                            // committed by a work item behind them should none come (QueueCommit).
                            if (open.Turns < MaxQueuedBatch && _owner.WorkQueued()) _owner.QueueCommit();
                            else done = await _owner.CommitOpenAsync();
                        }
                        else _owner.HandingOn?.Invoke();
                    }
                }
                finally
                {
                    _owner.LetGo();
                }
                // The batch's other turns go on from here, one after another on this thread (the gate
                // already let go): no work item and no thread woken for each of them.
                done?.Tell();
            }
            // Always told: the batch is committed by its last turn, by the next user of the gate, by the
            // work item queued behind the pool's work, or by a writer that gave up waiting when it was
            // handed on (CommitHandedOnAsync).
            return batch is null ? Task.CompletedTask : batch.Done.Task;
        }
    }

    /// <summary>The open batch's transaction was rolled back by its only turn: ended, nothing to commit.</summary>
    private Batch EndEmpty()
    {
        var batch = _open!;
        Volatile.Write(ref _open, null);
        return batch;
    }

    /// <summary>The open batch's transaction can no longer commit (a statement's failure ended it): rolled back, its turns to be told.</summary>
    private async Task<Batch> AbortOpenAsync()
    {
        var batch = _open!;
        Volatile.Write(ref _open, null);
        var failure = batch.Connection.BatchBroken!;
        await batch.Connection.RollbackBatchAsync();
        // The failure that ended it, as each turn would have met it alone (a full disk is a full disk).
        batch.Failure = failure;
        return batch;
    }

    private sealed class Batch(TurnConnection connection)
    {
        public TurnConnection Connection { get; } = connection;

        // Continuations run on the thread that tells the batch (Tell), which does so only once it no
        // longer holds the gate: the turns then go on one after another there, rather than as a work
        // item each (each of which could wake another thread of the pool).
        public TaskCompletionSource Done { get; } = new();
        public long Started { get; } = Stopwatch.GetTimestamp();
        public int Turns { get; set; } = 1;

        /// <summary>The commit's failure (or the one that ended the transaction); null when it committed.</summary>
        public Exception? Failure { get; set; }

        /// <summary>Tells the batch's turns how its commit went (once; later calls do nothing).</summary>
        public void Tell()
        {
            if (Failure is { } failure) Done.TrySetException(failure);
            else Done.TrySetResult();
        }
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
