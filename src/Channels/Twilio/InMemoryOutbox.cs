namespace CoProduction.Channels.Twilio;

/// <summary>
/// The default outbox: enough for a single local run and for tests. Webhook turns and
/// background jobs add to it at the same time, hence the lock.
/// </summary>
public sealed class InMemoryOutbox : IOutbox
{
    private readonly Lock _gate = new();
    private readonly List<OutboxEntry> _entries = [];

    public Task AddAsync(OutboxEntry entry, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(entry);
        lock (_gate)
        {
            _entries.Add(entry);
        }

        return Task.CompletedTask;
    }

    public Task<IReadOnlyList<OutboxEntry>> ListAsync(CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            // A copy, so callers can enumerate while others keep adding.
            return Task.FromResult<IReadOnlyList<OutboxEntry>>(_entries.ToArray());
        }
    }
}
