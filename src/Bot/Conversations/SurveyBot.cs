using CoProduction.Channels.Voice;
using CoProduction.Scheduling.Links;
using CoProduction.Store;
using CoProduction.Store.Telemetry;
using CoProduction.Surveys.Definitions;
using CoProduction.Surveys.Engine;
using Microsoft.Bot.Builder;
using Microsoft.Bot.Schema;

namespace CoProduction.Bot.Conversations;

/// <summary>
/// The one bot behind every channel. It holds no survey logic: it loads the person's state,
/// hands the turn to the engine, saves the answer and state in one transaction, and only then
/// sends the replies (nothing is lost if the process dies between the two).
/// </summary>
public sealed class SurveyBot(
    ConversationStore conversations,
    SurveyCatalogProvider catalogs,
    StoreDbContext db,
    SurveyEngine engine,
    MenuMemory menus,
    IInvitationLinks invitations,
    CoProductionTelemetry telemetry,
    ILogger<SurveyBot> logger) : ActivityHandler
{
    /// <summary>The event a chat page sends when it opens: { "survey": id?, "language": "en"|"cy"? }.</summary>
    public const string StartSurveyEvent = "startSurvey";

    protected override Task OnMessageActivityAsync(ITurnContext<IMessageActivity> turnContext, CancellationToken cancellationToken)
    {
        var activity = turnContext.Activity;
        var channel = ChannelOf(activity.ChannelId);
        var inbound = new Inbound(activity.Text ?? "", channel);
        if (channel == Channel.Voice && VoiceCallData.From(activity) is { } call)
        {
            inbound = inbound with { NoInput = call.NoInput, SpeechConfidence = call.InputType == VoiceInputType.Speech ? call.Confidence : null };
        }
        return RunTurnAsync(turnContext, channel, (record, catalog) => engine.Handle(record.State, inbound, catalog), cancellationToken);
    }

    /// <summary>
    /// A phone call starts: an invitation call we made starts its survey; otherwise welcome back,
    /// the language question, or the survey menu.
    /// </summary>
    protected override async Task OnConversationUpdateActivityAsync(ITurnContext<IConversationUpdateActivity> turnContext, CancellationToken cancellationToken)
    {
        var channel = ChannelOf(turnContext.Activity.ChannelId);
        if (channel != Channel.Voice) return;
        var invited = VoiceCallData.From(turnContext.Activity) is { Invitation: { } raw } && Guid.TryParse(raw, out var id)
            ? await invitations.FindAsync(id, cancellationToken)
            : null;
        await RunTurnAsync(turnContext, channel, (record, catalog) =>
            engine.Greet(record.State, channel, catalog, new Greeting(AskLanguage: true, Invitation: Invited(invited, record))), cancellationToken);
    }

    /// <summary>An invitation counts only for the person it was made for.</summary>
    private static InvitedSurvey? Invited(InvitationLink? link, ConversationRecord record) =>
        link is not null && link.PersonId == record.PersonId ? new InvitedSurvey(link.InvitationId, link.SurveyId, link.Version) : null;

    protected override async Task OnEventActivityAsync(ITurnContext<IEventActivity> turnContext, CancellationToken cancellationToken)
    {
        var activity = turnContext.Activity;
        var channel = ChannelOf(activity.ChannelId);
        if (activity.Name == StartSurveyEvent)
        {
            var value = activity.Value is null ? null : Newtonsoft.Json.Linq.JObject.FromObject(activity.Value);
            var invite = (string?)value?["invite"];
            var invited = string.IsNullOrWhiteSpace(invite) ? null : await invitations.ResolveAsync(invite, cancellationToken);
            var greeting = new Greeting(
                SurveyId: (string?)value?["survey"],
                Language: (string?)value?["language"] is "en" or "cy" ? (string?)value?["language"] : null);
            await RunTurnAsync(turnContext, channel, (record, catalog) =>
                engine.Greet(record.State, channel, catalog, greeting with { Invitation = Invited(invited, record) }), cancellationToken);
        }
    }

    /// <summary>
    /// One turn: load the person's state, let the engine decide, save answer and state in one
    /// transaction, and only then send the replies (nothing is lost if the process dies between).
    /// </summary>
    private async Task RunTurnAsync(ITurnContext turnContext, Channel channel, Func<ConversationRecord, ISurveyCatalog, TurnResult> decide, CancellationToken cancellationToken)
    {
        var started = System.Diagnostics.Stopwatch.GetTimestamp();
        using var span = CoProductionTelemetry.StartTurn(channel.ToName());
        var answers = 0;
        var failed = true;
        try
        {
            answers = await HandleTurnAsync(turnContext, channel, decide, cancellationToken);
            failed = false;
        }
        catch (Exception e)
        {
            span?.SetStatus(System.Diagnostics.ActivityStatusCode.Error, e.GetType().Name);
            throw;
        }
        finally
        {
            telemetry.RecordTurn(channel.ToName(), System.Diagnostics.Stopwatch.GetElapsedTime(started), answers, failed);
        }
    }

    /// <summary>The turn itself; returns how many answers it recorded.</summary>
    private async Task<int> HandleTurnAsync(ITurnContext turnContext, Channel channel, Func<ConversationRecord, ISurveyCatalog, TurnResult> decide, CancellationToken cancellationToken)
    {
        var activity = turnContext.Activity;
        var address = AddressOf(channel, activity.From?.Id);
        if (address is null)
        {
            logger.LogWarning("Ignored a {Channel} activity with no usable sender", channel.ToName());
            return 0;
        }

        var messageId = string.IsNullOrEmpty(activity.Id) ? null : activity.Id;
        if (messageId is not null && await conversations.FindRepliesAsync(messageId, cancellationToken) is { } earlier)
        {
            // A retried webhook: answer as before, record nothing.
            await SendAsync(turnContext, ChannelReplies.Deserialize(earlier), cancellationToken);
            return 0;
        }

        // Two messages from one person can arrive together; the store refuses the second save of
        // the same session (Conflict) and we run the turn again on the fresh state.
        for (var attempt = 1; ; attempt++)
        {
            var record = await conversations.LoadAsync(address, cancellationToken);
            var menu = channel == Channel.Sms ? null : await menus.ReadAsync(address, cancellationToken);
            var catalog = await catalogs.GetAsync(db, cancellationToken);
            if (await conversations.FindPilotAsync(address, cancellationToken) is { } pilot
                && catalog.Find(pilot.SurveyId, pilot.Version) is { } draft)
            {
                catalog = new PilotCatalog(catalog, draft);
            }
            var result = decide(record with { State = record.State with { Menu = menu } }, catalog);
            var replies = ChannelReplies.For(channel, result.Replies, record.State.SlowPace);

            var outcome = await conversations.SaveTurnAsync(
                address, messageId, activity.Recipient?.Id, result, ChannelReplies.Serialize(replies), cancellationToken);
            switch (outcome)
            {
                case SaveOutcome.Duplicate when messageId is not null:
                    // The same message arrived twice at once and the other copy won: give its answer.
                    var stored = await conversations.FindRepliesAsync(messageId, cancellationToken) ?? [];
                    await SendAsync(turnContext, ChannelReplies.Deserialize(stored), cancellationToken);
                    return 0;
                case SaveOutcome.Conflict when attempt < MaxAttempts:
                    db.ChangeTracker.Clear();
                    continue;
                case SaveOutcome.Conflict:
                    throw new InvalidOperationException($"The conversation kept changing under this turn after {MaxAttempts} attempts.");
            }

            if (menu is not null || result.State.Menu is not null)
            {
                await menus.WriteAsync(address, result.State.Menu, cancellationToken);
            }

            logger.LogInformation("Turn on {Channel}: {Replies} replies, {Events} events", channel.ToName(), replies.Count, result.Events.Count);
            await SendAsync(turnContext, replies, cancellationToken);
            return result.Events.OfType<AnswerRecorded>().Count();
        }
    }

    private const int MaxAttempts = 3;

    private static Task SendAsync(ITurnContext turnContext, IReadOnlyList<Activity> activities, CancellationToken cancellationToken) =>
        activities.Count == 0 ? Task.CompletedTask : turnContext.SendActivitiesAsync(activities.Cast<IActivity>().ToArray(), cancellationToken);

    public static Channel ChannelOf(string? channelId) => channelId switch
    {
        "sms" => Channel.Sms,
        "voice" => Channel.Voice,
        _ => Channel.Web,
    };

    /// <summary>Who a turn is with: the E.164 phone for SMS and voice, the web user id for chat.</summary>
    public static ChannelAddress? AddressOf(Channel channel, string? from)
    {
        if (string.IsNullOrWhiteSpace(from)) return null;
        if (channel == Channel.Web) return new ChannelAddress(channel, from);
        return CoProduction.Store.PhoneNumbers.ToE164(from) is { } phone ? new ChannelAddress(channel, phone) : null;
    }
}
