namespace CoProduction.Channels.Twilio;

/// <summary>"Sends" a text by writing it to the outbox: the default without a Twilio account.</summary>
public sealed class OutboxSmsSender(IOutbox outbox, TimeProvider timeProvider) : ISmsSender
{
    public const string Channel = "sms";

    public async Task<SmsSendResult> SendAsync(string to, string body, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(to);
        ArgumentNullException.ThrowIfNull(body);

        await outbox.AddAsync(new OutboxEntry(to, Channel, body, timeProvider.GetUtcNow()), cancellationToken);
        // An id shaped unlike Twilio's "SM..." sids, so an outbox message is never mistaken for a real one.
        return SmsSendResult.Sent("outbox-" + Guid.NewGuid().ToString("N"));
    }
}
