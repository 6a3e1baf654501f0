using CoProduction.Channels.Twilio;

namespace CoProduction.Channels.Voice;

/// <summary>"Places" a call by writing it to the outbox: the default without a Twilio account.</summary>
public sealed class OutboxVoiceCaller(IOutbox outbox, TimeProvider timeProvider) : IVoiceCaller
{
    public const string Channel = "voice";

    public async Task<VoiceCallResult> CallAsync(string to, string invitationId, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(to);
        ArgumentException.ThrowIfNullOrEmpty(invitationId);

        await outbox.AddAsync(new OutboxEntry(to, Channel, "Call for invitation " + invitationId, timeProvider.GetUtcNow()), cancellationToken);
        // Shaped unlike Twilio's "CA..." sids, so an outbox call is never mistaken for a real one.
        return VoiceCallResult.Started("outbox-" + Guid.NewGuid().ToString("N"));
    }
}
