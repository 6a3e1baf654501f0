using System.Buffers.Binary;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Microsoft.Win32.SafeHandles;

namespace CoProduction.Store.Setup;

/// <summary>
/// Copies SQLite's write-ahead log back into the database file in the background, on a connection
/// of its own, so no turn pays for it. SQLite's own checkpoint ran inside whichever commit filled the
/// WAL (every 1,000 pages), with the write gate held through its <c>fsync</c>s; every store connection
/// now leaves it to this service (<see cref="SqliteDurability.Pragma"/> keeps SQLite's own only as a
/// far-off backstop, for a store used without a host).
/// <para>
/// When the WAL holds <see cref="StoreOptions.CheckpointPages"/> pages, a PASSIVE checkpoint copies them
/// while turns go on (outside the gate: no writer waits for its copies or flushes). Under continuous
/// turns that alone never lets SQLite start the WAL again from its beginning (new commits land while it
/// copies, and a read in flight on another connection stops it part-way), and the log only grew. So a
/// RESTART checkpoint follows while holding the <see cref="StoreWriteGate"/>: no commit can land, it
/// copies the little that arrived meanwhile, waits for readers (each well under a millisecond) to leave
/// the log, and the next commit writes the WAL from its beginning again. When turns are few, a PASSIVE
/// checkpoint runs <see cref="StoreOptions.CheckpointAfter"/> after the last, so commits reach the disk
/// within about that long. PostgreSQL: nothing runs.
/// </para>
/// <para>
/// How full the WAL is comes from SQLite's shared-memory file (<c>-shm</c>, its wal-index, whose header
/// SQLite documents as a file format): two numbers read at most every <see cref="Poll"/>, no statement, no
/// lock; and only while the store is written: with nothing let through the <see cref="StoreWriteGate"/>
/// since the last look, the thread sleeps until a write goes through it (or, with pages still to copy,
/// until the pass is due; else <see cref="StoreOptions.CheckpointAfter"/>, for a write that bypassed the
/// gate). A quiet service used to wake 100 times a second for this.
/// </para>
/// </summary>
public sealed partial class SqliteCheckpointer(IOptions<StoreOptions> options, StoreWriteGate gate, ILogger<SqliteCheckpointer> logger)
    : BackgroundService
{
    // The machine's clock, not the host's TimeProvider: this paces the disk, not anything a person sees,
    // and a test's frozen clock must not stop it.
    private static readonly TimeProvider Clock = TimeProvider.System;

    /// <summary>How often, at most, the WAL's fill is looked at (while the store is written).</summary>
    internal static readonly TimeSpan Poll = TimeSpan.FromMilliseconds(10);

    /// <summary>How long the RESTART checkpoint waits for readers to leave the log (ms), holding the gate.</summary>
    internal const int ReaderWaitMs = 1000;

    // The wal-index header (https://sqlite.org/walformat.html), in the machine's byte order: mxFrame, the
    // last valid frame, at byte 16 of the first copy; nBackfill, frames already copied back, at byte 96.
    private const int HeaderBytes = 100;
    private const int LastFrameAt = 16;
    private const int CopiedAt = 96;

    private readonly object _using = new();
    private SqliteConnection? _connection;
    private SafeFileHandle? _shm;
    private readonly byte[] _header = new byte[HeaderBytes];

    /// <summary>What one pass did, as SQLite reported it (for tests and the log).</summary>
    /// <param name="Restarted">A RESTART checkpoint ran under the gate and every reader left the log.</param>
    /// <param name="LogPages">Pages in the WAL when the PASSIVE checkpoint looked (-1: not in WAL mode).</param>
    /// <param name="CopiedPages">Pages of those copied back to the database file.</param>
    public sealed record Pass(bool Restarted, long LogPages, long CopiedPages);

    protected override Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var store = options.Value;
        if (store.ProviderKind != StoreProvider.Sqlite || store.SqliteFile is null) return Task.CompletedTask;
        // A thread of its own, not the thread pool's: SQLite's calls block their thread, and under a burst
        // of turns a pool short of threads held the checkpoint back while the WAL grew by thousands of pages.
        var stopped = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var thread = new Thread(() =>
        {
            try
            {
                Run(store, stoppingToken);
                stopped.SetResult();
            }
            catch (Exception e)
            {
                stopped.SetException(e);
            }
        })
        { IsBackground = true, Name = "SQLite checkpoint" };
        thread.Start();
        return stopped.Task;
    }

    private void Run(StoreOptions store, CancellationToken stoppingToken)
    {
        var last = Clock.GetTimestamp();
        long seen = -1, frames = 0, copied = 0;
        var next = Poll;
        var looked = Clock.GetTimestamp();
        try
        {
            while (!stoppingToken.WaitHandle.WaitOne(next))
            {
                next = Poll;
                try
                {
                    var writes = gate.LetGoCount;
                    if (writes == seen)
                    {
                        // Nothing written since the last look: sleep until something is, or the pass is due.
                        var wait = frames > copied ? store.CheckpointAfter - Clock.GetElapsedTime(last) : store.CheckpointAfter;
                        if (wait > TimeSpan.Zero) gate.WaitForWrite(seen, wait, stoppingToken);
                        writes = gate.LetGoCount;
                    }
                    seen = writes;
                    var before = frames;
                    (frames, copied) = ReadFill(store);
                    var since = Clock.GetElapsedTime(looked);
                    looked = Clock.GetTimestamp();
                    // Only with pages still to copy: a WAL copied back and waiting for the next commit to
                    // start it again needs nothing more.
                    var due = frames > copied
                        && (frames >= store.CheckpointPages || Clock.GetElapsedTime(last) >= store.CheckpointAfter);
                    if (!due)
                    {
                        next = NextLook(store, frames, frames >= before ? frames - before : frames, since, Clock.GetElapsedTime(last));
                        continue;
                    }
                    var pass = Checkpoint(store, stoppingToken);
                    last = Clock.GetTimestamp();
                    if (pass is { Restarted: false, LogPages: var log } && log >= store.CheckpointPages)
                    {
                        // Readers kept it from starting the WAL again: no gate-holding retry before the next interval.
                        LogNotRestarted(logger, log);
                        stoppingToken.WaitHandle.WaitOne(store.CheckpointAfter);
                    }
                }
                catch (Exception e) when (e is SqliteException or IOException or UnauthorizedAccessException)
                {
                    // Tried again on fresh handles; SQLite's backstop keeps the WAL bounded meanwhile.
                    LogFailed(logger, e.GetType().Name, e is SqliteException s ? s.SqliteErrorCode : 0);
                    Close();
                    stoppingToken.WaitHandle.WaitOne(store.CheckpointAfter);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
        finally
        {
            Close();
        }
    }

    /// <summary>
    /// When to look at the WAL again, while it is written: at <see cref="Poll"/> when it is near
    /// <see cref="StoreOptions.CheckpointPages"/>, later when it is far from it at the rate it grew since
    /// the last look (three quarters of the time it would take to fill, at most <see cref="LongestLook"/>),
    /// and no later than the pass that is due <see cref="StoreOptions.CheckpointAfter"/> after the last.
    /// Under continuous turns it looked 100 times a second, waking its thread each time.
    /// </summary>
    internal static TimeSpan NextLook(StoreOptions store, long frames, long grew, TimeSpan since, TimeSpan sinceLastPass)
    {
        var wait = LongestLook;
        if (grew > 0)
        {
            var fill = since * ((double)Math.Max(0, store.CheckpointPages - frames) / grew);
            wait = fill * 0.75 < wait ? fill * 0.75 : wait;
        }
        var due = store.CheckpointAfter - sinceLastPass;
        if (frames > 0 && due < wait) wait = due;
        return wait < Poll ? Poll : wait;
    }

    /// <summary>The longest the WAL's fill goes unlooked at while the store is written.</summary>
    internal static readonly TimeSpan LongestLook = TimeSpan.FromMilliseconds(100);

    /// <summary>
    /// One pass now: a PASSIVE checkpoint, then a RESTART one under the write gate if the WAL holds
    /// <see cref="StoreOptions.CheckpointPages"/> or more. Null on PostgreSQL or an in-memory store.
    /// </summary>
    public Task<Pass?> CheckpointAsync(CancellationToken ct)
    {
        var store = options.Value;
        if (store.ProviderKind != StoreProvider.Sqlite || store.SqliteFile is null) return Task.FromResult<Pass?>(null);
        return Task.Run(() => (Pass?)Checkpoint(store, ct), ct);
    }

    private Pass Checkpoint(StoreOptions store, CancellationToken ct)
    {
        lock (_using)
        {
            var connection = _connection ??= Open(store);
            var (_, log, copied) = Run(connection, "PASSIVE");
            if (log < store.CheckpointPages) return new Pass(false, log, copied);
            // This thread waits in the gate's queue like any writer (blocking it is fine: it is ours).
            using (gate.EnterAsync(ct).AsTask().GetAwaiter().GetResult())
            {
                var (busy, _, _) = Run(connection, "RESTART");
                return new Pass(busy == 0, log, copied);
            }
        }
    }

    /// <summary>Frames in the WAL and frames of those already copied back, from the wal-index header.</summary>
    private (long Frames, long Copied) ReadFill(StoreOptions store)
    {
        lock (_using)
        {
            // Our own connection keeps the database open, so SQLite keeps its -shm file.
            _connection ??= Open(store);
            _shm ??= File.OpenHandle(store.SqliteFile + "-shm", FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
            if (RandomAccess.Read(_shm, _header, 0) < HeaderBytes) return (0, 0);
            var frames = Read(LastFrameAt);
            var copied = Read(CopiedAt);
            // Read without SQLite's lock, so a header caught mid-change can look odd: the next poll looks again.
            return copied > frames ? (frames, frames) : (frames, copied);
        }
    }

    private uint Read(int at) => BitConverter.IsLittleEndian
        ? BinaryPrimitives.ReadUInt32LittleEndian(_header.AsSpan(at))
        : BinaryPrimitives.ReadUInt32BigEndian(_header.AsSpan(at));

    private static SqliteConnection Open(StoreOptions store)
    {
        var connection = new SqliteConnection(StoreDbContextFactory.PrepareSqlite(store.ResolvedConnectionString));
        connection.Open();
        using var pragma = connection.CreateCommand();
        // busy_timeout: RESTART waits this long for readers (SQLite's own short sleeps), then reports busy.
        pragma.CommandText = SqliteDurability.Pragma + $" PRAGMA busy_timeout={ReaderWaitMs};";
        pragma.ExecuteNonQuery();
        return connection;
    }

    /// <summary>SQLite's report: busy (1 when stopped by a reader or writer), pages in the WAL, pages copied back.</summary>
    private static (long Busy, long Log, long Copied) Run(SqliteConnection connection, string mode)
    {
        using var command = connection.CreateCommand();
        command.CommandText = $"PRAGMA wal_checkpoint({mode});";
        using var reader = command.ExecuteReader();
        reader.Read();
        return (reader.GetInt64(0), reader.GetInt64(1), reader.GetInt64(2));
    }

    private void Close()
    {
        lock (_using)
        {
            _shm?.Dispose();
            _shm = null;
            _connection?.Dispose();
            _connection = null;
        }
    }

    public override void Dispose()
    {
        Close();
        base.Dispose();
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "The store's background checkpoint failed ({Error}, SQLite code {Code}); it tries again shortly.")]
    private static partial void LogFailed(ILogger logger, string error, int code);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The store's write-ahead log ({Pages} pages) could not start again from its beginning: a reader held on. It tries again shortly.")]
    private static partial void LogNotRestarted(ILogger logger, long pages);
}
