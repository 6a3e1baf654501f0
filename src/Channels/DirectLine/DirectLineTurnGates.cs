using System.Collections.Concurrent;

namespace CoProduction.Channels.DirectLine;

/// <summary>
/// One turn at a time per conversation: two quick taps on a button must not run two survey
/// turns over the same state. In-process only; several nodes rely on the state store's etags.
/// </summary>
internal sealed class DirectLineTurnGates
{
    private readonly ConcurrentDictionary<string, TurnGate> _gates = new(StringComparer.Ordinal);

    /// <summary>Waits for the conversation's turn; disposing the result lets the next one in.</summary>
    public async Task<IDisposable> LockAsync(string conversationId, CancellationToken cancellationToken)
    {
        while (true)
        {
            var gate = _gates.GetOrAdd(conversationId, _ => new TurnGate());
            lock (gate)
            {
                if (gate.Retired)
                {
                    continue;
                }

                gate.Users++;
            }

            try
            {
                await gate.Semaphore.WaitAsync(cancellationToken);
            }
            catch
            {
                Release(conversationId, gate, entered: false);
                throw;
            }

            return new Releaser(() => Release(conversationId, gate, entered: true));
        }
    }

    private void Release(string conversationId, TurnGate gate, bool entered)
    {
        if (entered)
        {
            gate.Semaphore.Release();
        }

        lock (gate)
        {
            gate.Users--;
            if (gate.Users == 0)
            {
                // Forget idle gates so the map does not grow with every conversation ever held.
                gate.Retired = true;
                _gates.TryRemove(new KeyValuePair<string, TurnGate>(conversationId, gate));
            }
        }
    }

    private sealed class TurnGate
    {
        public SemaphoreSlim Semaphore { get; } = new(1, 1);

        public int Users { get; set; }

        public bool Retired { get; set; }
    }

    private sealed class Releaser(Action release) : IDisposable
    {
        private Action? _release = release;

        public void Dispose() => Interlocked.Exchange(ref _release, null)?.Invoke();
    }
}
