using CoProduction.Channels.Twilio;
using CoProduction.Scheduling.Delivery;

namespace CoProduction.Bot.Scheduling;

/// <summary>
/// What a status Twilio reports (POST /twilio/status, <see cref="StatusCallbackEndpoint"/>) means
/// for an invitation, as one table per kind of callback. A status missing from a table is news
/// of progress (queued, sending, ringing...), so it reads as <see cref="DeliveryState.InProgress"/>.
/// </summary>
public static class TwilioDeliveryStates
{
    private static readonly IReadOnlyDictionary<TwilioCallbackStatus, DeliveryState> Texts = new Dictionary<TwilioCallbackStatus, DeliveryState>
    {
        [TwilioCallbackStatus.Delivered] = DeliveryState.Delivered,
        [TwilioCallbackStatus.Read] = DeliveryState.Delivered,
        [TwilioCallbackStatus.Undelivered] = DeliveryState.Failed,
        [TwilioCallbackStatus.Failed] = DeliveryState.Failed,
        [TwilioCallbackStatus.Busy] = DeliveryState.Failed,
        [TwilioCallbackStatus.NoAnswer] = DeliveryState.Failed,
        [TwilioCallbackStatus.Canceled] = DeliveryState.Failed,
    };

    private static readonly IReadOnlyDictionary<TwilioCallbackStatus, DeliveryState> Calls = new Dictionary<TwilioCallbackStatus, DeliveryState>
    {
        // Nobody picked up this time: the invitation's call is tried again later.
        [TwilioCallbackStatus.Busy] = DeliveryState.RetryLater,
        [TwilioCallbackStatus.NoAnswer] = DeliveryState.RetryLater,
        [TwilioCallbackStatus.InProgress] = DeliveryState.Delivered,
        [TwilioCallbackStatus.Completed] = DeliveryState.Delivered,
        [TwilioCallbackStatus.Delivered] = DeliveryState.Delivered,
        [TwilioCallbackStatus.Read] = DeliveryState.Delivered,
        [TwilioCallbackStatus.Undelivered] = DeliveryState.Failed,
        [TwilioCallbackStatus.Failed] = DeliveryState.Failed,
        [TwilioCallbackStatus.Canceled] = DeliveryState.Failed,
    };

    /// <param name="machine">Machine detection said an answering machine picked up the call.</param>
    public static DeliveryState Of(TwilioStatusCallback callback, bool machine)
    {
        // Before the tables: Twilio's "this person opted out" error, whatever the status says.
        if (callback.ErrorCode?.ToString(System.Globalization.CultureInfo.InvariantCulture) == SmsSendResult.OptedOutCode) return DeliveryState.OptedOut;
        var call = callback.Kind == TwilioStatusCallbackKind.Call;
        // A call an answering machine took was not a conversation with the person.
        if (call && machine && callback.Status is TwilioCallbackStatus.InProgress or TwilioCallbackStatus.Completed) return DeliveryState.RetryLater;
        return (call ? Calls : Texts).GetValueOrDefault(callback.Status, DeliveryState.InProgress);
    }
}
