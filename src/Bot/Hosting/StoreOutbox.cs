using CoProduction.Channels.Twilio;
using CoProduction.Store.Outbox;
using CoProduction.Surveys.Definitions;

namespace CoProduction.Bot.Hosting;

/// <summary>
/// The local outbox kept in the shared store, so every node (and a restart) sees the same list.
/// A singleton over a fresh scope per call, because the senders that use it are singletons.
/// </summary>
public sealed class StoreOutbox(IServiceScopeFactory scopes) : IOutbox
{
    public async Task AddAsync(OutboxEntry entry, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var channel = ChannelNames.TryParse(entry.Channel, out var c) ? c : Channel.Sms;
        await scope.ServiceProvider.GetRequiredService<OutboxLog>().AddAsync(entry.To, channel, entry.Body, cancellationToken);
    }

    public async Task<IReadOnlyList<OutboxEntry>> ListAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var messages = await scope.ServiceProvider.GetRequiredService<OutboxLog>().ListAsync(cancellationToken);
        return messages.Select(m => new OutboxEntry(m.To, m.Channel.ToName(), m.Body, m.At)).ToList();
    }
}
