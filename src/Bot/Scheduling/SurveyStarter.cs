using CoProduction.Channels.Twilio;
using CoProduction.Channels.Voice;
using CoProduction.Scheduling.Links;
using CoProduction.Scheduling.Starting;
using CoProduction.Store;
using CoProduction.Surveys.Definitions;
using CoProduction.Surveys.Engine;
using CoProduction.Surveys.Rendering;
using Microsoft.Extensions.Options;

namespace CoProduction.Bot.Scheduling;

/// <summary>
/// Starts an invited survey. SMS: the engine starts it, the answer state is saved, and only then
/// are the texts sent. Voice: an outbound call whose webhook carries the invitation id. Web: a
/// text with the chat link, when the person has a phone.
/// </summary>
public sealed class SurveyStarter(
    StoreDbContext db,
    ConversationStore conversations,
    SurveyCatalogProvider catalogs,
    SurveyEngine engine,
    ISmsSender sms,
    IEnumerable<IVoiceCaller> voiceCallers,
    IOptions<TwilioOptions> twilio) : ISurveyStarter
{
    public const string ReminderPrefix = "Reminder: ";

    public async Task<StartResult> StartAsync(SurveyStart start, CancellationToken cancellationToken)
    {
        if (start.Phone is null)
        {
            return StartResult.Failed(start.Channel == Channel.Web
                ? "There is no phone number to text the chat link to."
                : "There is no phone number for this person.");
        }
        return start.Channel switch
        {
            Channel.Voice => await CallAsync(start, cancellationToken),
            Channel.Web => await TextLinkAsync(start, cancellationToken),
            _ => await TextSurveyAsync(start, start.Phone, cancellationToken),
        };
    }

    private async Task<StartResult> CallAsync(SurveyStart start, CancellationToken ct)
    {
        // Optional until the host wires the voice channel: a clear failure, not a start-up error.
        if (voiceCallers.LastOrDefault() is not { } voice) return StartResult.Failed("Phone calls are not set up on this service yet.");
        var result = await voice.CallAsync(start.Phone!, start.InvitationId.ToString(), ct);
        return result.Succeeded ? StartResult.Sent(result.CallId)
            : result.Retryable ? StartResult.Retry(result.Reason)
            : StartResult.Failed(result.Reason);
    }

    private async Task<StartResult> TextLinkAsync(SurveyStart start, CancellationToken ct)
    {
        var link = (twilio.Value.PublicBaseUrl?.TrimEnd('/') ?? "") + InvitationLink.PathFor(start.Token);
        var body = $"{(start.IsReminder ? ReminderPrefix : "")}We would like to hear from you. Answer a few short questions here: {link} Text STOP to stop.";
        return Map(await sms.SendAsync(start.Phone!, body, ct));
    }

    private async Task<StartResult> TextSurveyAsync(SurveyStart start, string phone, CancellationToken ct)
    {
        var catalog = await catalogs.GetAsync(db, ct);
        if (catalog.Find(start.SurveyId, start.Version) is not { } survey)
        {
            return StartResult.Failed($"Version {start.Version} of the survey '{start.SurveyId}' is not in the store.");
        }
        var address = new ChannelAddress(Channel.Sms, phone);
        var record = await conversations.LoadAsync(address, ct);
        if (record.State.OptedOut) return StartResult.OptedOut("They opted out before it was sent.");

        var result = engine.Start(record.State, survey, Channel.Sms, start.InvitationId);
        var texts = SmsRenderer.Render(result.Replies).ToList();
        if (start.IsReminder && texts.Count > 0) texts[0] = ReminderPrefix + texts[0];

        // Saved before sending: the reply that comes back must find the survey waiting for it.
        var saved = await conversations.SaveTurnAsync(address, inboundMessageId: null, twilio.Value.PhoneNumber, result, texts, ct);
        if (saved != SaveOutcome.Saved) return StartResult.Retry("They were answering another message at that moment.");

        string? firstId = null;
        var count = 0;
        foreach (var text in texts)
        {
            var sent = await sms.SendAsync(phone, text, ct);
            if (!sent.Succeeded)
            {
                // Only the first text decides; after that the survey is with them already.
                if (firstId is null) return Map(sent);
                break;
            }
            firstId ??= sent.MessageId;
            count++;
        }
        return firstId is null ? StartResult.Failed("The survey has nothing to send.") : StartResult.Sent(firstId, count);
    }

    private static StartResult Map(SmsSendResult sent) =>
        sent.Succeeded ? StartResult.Sent(sent.MessageId)
        : sent.OptedOut ? StartResult.OptedOut("The carrier says they opted out (Twilio 21610).")
        : sent.Retryable ? StartResult.Retry(sent.Reason)
        : StartResult.Failed(sent.Reason);
}
