using CoProduction.Channels.Twilio;
using CoProduction.Channels.Voice;
using CoProduction.Scheduling.Links;
using CoProduction.Scheduling.Starting;
using CoProduction.Store;
using CoProduction.Store.Model;
using CoProduction.Store.Results;
using CoProduction.Surveys.Definitions;
using CoProduction.Surveys.Engine;
using CoProduction.Surveys.Understanding;
using CoProduction.Bot.Conversations;
using Microsoft.Bot.Schema;
using Microsoft.Extensions.Options;

namespace CoProduction.Bot.Scheduling;

/// <summary>
/// Starts an invited survey. SMS: a turn of the one pipeline, in which the engine starts it, the
/// state is saved, and only then are the texts sent. Voice: an outbound call whose webhook carries the invitation id. Web: a
/// text with the chat link, when the person has a phone.
/// </summary>
public sealed class SurveyStarter(
    TurnPipeline pipeline,
    TwilioSmsAdapter smsAdapter,
    SurveyEngine engine,
    ISmsSender sms,
    IEnumerable<IVoiceCaller> voiceCallers,
    ResultsMessages results,
    CheckinRecaps recaps,
    IOptions<TwilioOptions> twilio) : ISurveyStarter
{
    public async Task<StartResult> StartAsync(SurveyStart start, CancellationToken cancellationToken)
    {
        if (start.Phone is null)
        {
            return StartResult.Failed(start.Channel == Channel.Web
                ? "There is no phone number to text the chat link to."
                : "There is no phone number for this person.");
        }
        if (start.Unsent is { Count: > 0 } unsent) return await SendRestAsync(start.Phone, unsent, cancellationToken);
        if (start.Kind == InvitationKind.Results) return await SendResultsAsync(start, cancellationToken);
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

    /// <summary>
    /// Results back the way they answered: a call says them (the call's webhook finds the
    /// invitation and speaks <see cref="ResultsMessage.Spoken"/>); SMS and chat people get the
    /// text with the link, because a chat window cannot be opened for someone from here.
    /// </summary>
    private async Task<StartResult> SendResultsAsync(SurveyStart start, CancellationToken ct)
    {
        if (start.Channel == Channel.Voice) return await CallAsync(start, ct);
        var message = await results.ForAsync(start.SurveyId, start.PersonId, twilio.Value.PublicBaseUrl, ct);
        if (message is null) return StartResult.Failed("The survey has no released results to send.");
        return Map(await sms.SendAsync(start.Phone!, message.Text, ct));
    }

    private async Task<StartResult> TextLinkAsync(SurveyStart start, CancellationToken ct)
    {
        var link = (twilio.Value.PublicBaseUrl?.TrimEnd('/') ?? "") + InvitationLink.PathFor(start.Token);
        // In their language: a Welsh speaker's chat link (a vote's too) is asked for in Welsh.
        var phrases = Phrases.For(start.Language);
        var invitation = phrases.ChatInvitation(link);
        var body = start.IsReminder ? phrases.Reminder(invitation) : invitation;
        return Map(await sms.SendAsync(start.Phone!, body, ct));
    }

    /// <summary>
    /// A survey by text goes through the same turn pipeline as a text from the person (load,
    /// engine, one transaction, render, send), as a proactive turn of the SMS adapter: saved
    /// before sending, so the reply that comes back finds the survey waiting for it.
    /// </summary>
    private async Task<StartResult> TextSurveyAsync(SurveyStart start, string phone, CancellationToken ct)
    {
        var ourNumber = twilio.Value.PhoneNumber;
        var reference = new ConversationReference
        {
            ChannelId = TwilioSmsMapper.ChannelId,
            User = new ChannelAccount(phone),
            Bot = new ChannelAccount(ourNumber),
            Conversation = new ConversationAccount(id: phone),
        };
        var recap = start.Kind == InvitationKind.Checkin ? await recaps.ForAsync(start.PersonId, start.SurveyId, ct) : null;
        StartResult? refused = null;
        var outcome = TurnOutcome.Declined;
        IReadOnlyList<SmsSendResult> sent = [];
        var texts = new List<string>();
        var plan = new TurnPlan(Channel.Sms, new ChannelAddress(Channel.Sms, phone), MessageId: null, ourNumber, (record, catalog) =>
        {
            refused = null;
            if (catalog.Find(start.SurveyId, start.Version) is not { } survey)
            {
                refused = StartResult.Failed($"Version {start.Version} of the survey '{start.SurveyId}' is not in the store.");
                return null;
            }
            if (record.State.OptedOut)
            {
                refused = StartResult.OptedOut("They opted out before it was sent.");
                return null;
            }
            var result = engine.Start(record.State, survey, Channel.Sms, start.InvitationId, ChannelCapabilities.Sms);
            if (start.Kind == InvitationKind.Checkin && !start.IsReminder) result = CheckinRecaps.Before(result, recap);
            return start.IsReminder ? AsReminder(result) : result;
        });

        try
        {
            await smsAdapter.ContinueConversationAsync(string.Empty, reference, async (turn, token) =>
            {
                // The texts as rendered, in order, so those that do not go can be sent alone later.
                turn.OnSendActivities(async (_, activities, next) =>
                {
                    texts.AddRange(activities.Where(a => a.Type == ActivityTypes.Message && !string.IsNullOrWhiteSpace(a.Text)).Select(a => a.Text));
                    return await next();
                });
                outcome = await pipeline.RunAsync(turn, plan, token);
                sent = TwilioSmsAdapter.GetSendResults(turn);
            }, ct);
        }
        catch (Exception e) when (StoreFailures.IsTransient(e))
        {
            return StartResult.Retry("The store was busy at that moment (or they were answering another message).");
        }

        if (refused is not null) return refused;
        if (outcome != TurnOutcome.Done || sent.Count == 0) return StartResult.Failed("The survey has nothing to send.");
        return InOrder(sent, texts, firstWentBefore: false);
    }

    /// <summary>The rest of a start whose first text went: only what did not go, never the first again.</summary>
    private async Task<StartResult> SendRestAsync(string phone, IReadOnlyList<string> texts, CancellationToken ct)
    {
        var sent = new List<SmsSendResult>();
        foreach (var text in texts)
        {
            sent.Add(await sms.SendAsync(phone, text, ct));
            // A later text without the one before it makes no sense to the person.
            if (!sent[^1].Succeeded) break;
        }
        return InOrder(sent, texts, firstWentBefore: true);
    }

    /// <summary>
    /// Texts sent in order until one failed: all went is sent; none of a new start's went is what
    /// Twilio said (a retry starts again); otherwise <see cref="StartResult.PartlySent"/>, so that
    /// only the rest is tried again. The sending number's rate counts every text that went.
    /// </summary>
    private static StartResult InOrder(IReadOnlyList<SmsSendResult> sent, IReadOnlyList<string> texts, bool firstWentBefore)
    {
        var went = sent.TakeWhile(s => s.Succeeded).Count();
        if (went == sent.Count) return StartResult.Sent(sent[0].MessageId!, went);
        var failed = Map(sent[went]);
        if ((went == 0 && !firstWentBefore) || failed.Outcome == StartOutcome.OptedOut) return failed;
        return StartResult.PartlySent(went, PartlySentReason(sent[went]), texts.Skip(went).ToList(), failed.Outcome == StartOutcome.Retry);
    }

    /// <summary>
    /// The intro went but a later text (the first question) did not: the person may have an
    /// intro and no question. Shown on the round page while it is retried, and if it fails for
    /// good; no phone number, only what Twilio said.
    /// </summary>
    public static string PartlySentReason(SmsSendResult failed) =>
        "The first text went but the next did not, so they may not have the first question. "
        + "Their reply will carry on the survey; you may want to contact them. "
        + (string.IsNullOrWhiteSpace(failed.Reason) ? "" : "Twilio said: " + failed.Reason);

    /// <summary>
    /// A reminder says so first, in the language the survey speaks to them ("Nodyn atgoffa: " in
    /// Welsh). It goes on the prompt, before rendering, so the renderer's one-segment joining
    /// counts it in the length of the first text.
    /// </summary>
    private static TurnResult AsReminder(TurnResult result) => result.Replies.Count == 0 ? result : result with
    {
        Replies = [result.Replies[0] with { Text = Phrases.For(result.Replies[0].Language).Reminder(result.Replies[0].Text) }, .. result.Replies.Skip(1)],
    };

    private static StartResult Map(SmsSendResult sent) =>
        sent.Succeeded ? StartResult.Sent(sent.MessageId)
        : sent.OptedOut ? StartResult.OptedOut("The carrier says they opted out (Twilio 21610).")
        : sent.Retryable ? StartResult.Retry(sent.Reason)
        : StartResult.Failed(sent.Reason);
}
