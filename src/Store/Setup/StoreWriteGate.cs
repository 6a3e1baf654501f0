namespace CoProduction.Store.Setup;

/// <summary>
/// Lets one turn at a time write to an embedded SQLite store, queued in order. SQLite allows one
/// writer; without this, the others find the database locked and the SQLite driver retries them
/// by sleeping a thread between attempts, which under a burst of texts turned a 1 ms write into
/// second-long waits and starved the thread pool (seen in a profile of the turn benchmark). PostgreSQL takes row locks itself: no gate.
/// One process per SQLite file is the supported set-up (several nodes need PostgreSQL), so a
/// process-wide gate is the whole queue.
/// </summary>
public sealed class StoreWriteGate
{
    private readonly SemaphoreSlim? _gate;

    public StoreWriteGate(StoreProvider provider)
    {
        _gate = provider == StoreProvider.Sqlite ? new SemaphoreSlim(1, 1) : null;
    }

    /// <summary>Waits for this turn's turn to write; dispose the result to let the next one in.</summary>
    public async ValueTask<IDisposable> EnterAsync(CancellationToken ct)
    {
        if (_gate is null) return Open.Instance;
        await _gate.WaitAsync(ct);
        return new Release(_gate);
    }

    /// <summary>
    /// Enters at once when no one holds the gate (null when someone does; nobody waits here). A
    /// turn's load takes it this way to read on the writer's own connection
    /// (<see cref="TurnConnections.OpenWriterAsync"/>): free means no one else is using that connection.
    /// </summary>
    public IDisposable? TryEnter()
    {
        if (_gate is null) return Open.Instance;
        return _gate.Wait(0) ? new Release(_gate) : null;
    }

    private sealed class Release(SemaphoreSlim gate) : IDisposable
    {
        private int _released;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _released, 1) == 0) gate.Release();
        }
    }

    private sealed class Open : IDisposable
    {
        public static readonly Open Instance = new();
        public void Dispose() { }
    }
}
