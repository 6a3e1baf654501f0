namespace CoProduction.Channels.Twilio;

/// <summary>
/// Where messages go when not sending through Twilio. Defined here so Channels needs no
/// store; the host may register a store-backed one instead of <see cref="InMemoryOutbox"/>.
/// </summary>
public interface IOutbox
{
    Task AddAsync(OutboxEntry entry, CancellationToken cancellationToken);

    /// <summary>Every entry, oldest first (newest last).</summary>
    Task<IReadOnlyList<OutboxEntry>> ListAsync(CancellationToken cancellationToken);
}
