using CoProduction.Channels.DirectLine;
using CoProduction.Channels.Voice;
using CoProduction.Scheduling.Links;
using CoProduction.Store;
using CoProduction.Store.Model;
using CoProduction.Store.Results;
using CoProduction.Store.Telemetry;
using CoProduction.Surveys.Definitions;
using CoProduction.Surveys.Engine;
using Microsoft.Bot.Builder;
using Microsoft.Bot.Schema;

namespace CoProduction.Bot.Conversations;

/// <summary>
/// The one bot behind every channel. It holds no survey logic: it tells who a turn is with and
/// which engine call decides it, and runs it through the one <see cref="TurnPipeline"/>.
/// </summary>
/// <param name="services">
/// The request's scope, for what only a call's start or a chat's start uses (invitation links,
/// results, check-in recaps): made on every text, those and what they need were most of the
/// services resolved for an SMS turn, for turns that never touched them.
/// </param>
public sealed class SurveyBot(
    TurnPipeline pipeline,
    SurveyEngine engine,
    IServiceProvider services,
    CoProductionTelemetry telemetry,
    ILogger<SurveyBot> logger) : ActivityHandler, IMembersAddedListener
{
    private IInvitationLinks Invitations => services.GetRequiredService<IInvitationLinks>();

    /// <summary>The event a chat page sends when it opens: { "survey": id?, "language": "en"|"cy"? }.</summary>
    public const string StartSurveyEvent = "startSurvey";

    // Whether this turn's replies are held until it is over and written in its webhook's response (a text's),
    // read from the adapter's own context: ActivityHandler hands the handlers below one that wraps it.
    private bool _repliesWaitForTheTurn;

    public override Task OnTurnAsync(ITurnContext turnContext, CancellationToken cancellationToken = default)
    {
        _repliesWaitForTheTurn = turnContext is not null && CoProduction.Channels.Twilio.TwilioSmsAdapter.RepliesWaitForTheTurn(turnContext);
        return base.OnTurnAsync(turnContext!, cancellationToken);
    }

    protected override Task OnMessageActivityAsync(ITurnContext<IMessageActivity> turnContext, CancellationToken cancellationToken)
    {
        var activity = turnContext.Activity;
        var channel = ChannelOf(activity.ChannelId);
        var inbound = new Inbound(activity.Text ?? "", channel) { Capabilities = ChannelCapabilities.Of(channel) };
        if (channel == Channel.Voice && VoiceCallData.From(activity) is { } call)
        {
            inbound = inbound with { NoInput = call.NoInput, SpeechConfidence = call.InputType == VoiceInputType.Speech ? call.Confidence : null };
        }
        return RunTurnAsync(turnContext, channel, (record, catalog) => engine.Handle(record.State, inbound, catalog), cancellationToken);
    }

    /// <summary>
    /// Only a phone call's start means something (its greeting): on web chat the page greets with its
    /// <see cref="StartSurveyEvent"/>, so the adapter need not run a chat start's "members added" turns.
    /// </summary>
    public bool HearsMembersAdded(string channelId) => MembersAdded.HearsMembersAdded(channelId);

    /// <summary>
    /// What every SurveyBot says of "members added" (<see cref="HearsMembersAdded"/>), asked without building one:
    /// the Direct Line start asks it for every chat, and builds no bot for a start that runs no turn.
    /// </summary>
    public static IMembersAddedListener MembersAdded { get; } = new OnVoiceOnly();

    private sealed class OnVoiceOnly : IMembersAddedListener
    {
        public bool HearsMembersAdded(string channelId) => ChannelOf(channelId) == Channel.Voice;
    }

    /// <summary>
    /// A phone call starts: an invitation call we made starts its survey; otherwise welcome back,
    /// the language question, or the survey menu.
    /// </summary>
    protected override async Task OnConversationUpdateActivityAsync(ITurnContext<IConversationUpdateActivity> turnContext, CancellationToken cancellationToken)
    {
        if (!HearsMembersAdded(turnContext.Activity.ChannelId)) return;
        var channel = ChannelOf(turnContext.Activity.ChannelId);
        var invited = VoiceCallData.From(turnContext.Activity) is { Invitation: { } raw } && Guid.TryParse(raw, out var id)
            ? await Invitations.FindAsync(id, cancellationToken)
            : null;
        if (invited is { Kind: InvitationKind.Results })
        {
            // A results call: say them and hang up; nothing to answer, nothing started.
            var message = await services.GetRequiredService<ResultsMessages>().ForAsync(invited.SurveyId, invited.PersonId, null, cancellationToken);
            await RunTurnAsync(turnContext, channel, (record, _) => record.PersonId == invited.PersonId && message is not null
                ? new TurnResult(record.State, [Prompt.Message(message.Spoken, message.Language)], [])
                : engine.Greet(record.State, channel, _, new Greeting(AskLanguage: true) { Capabilities = ChannelCapabilities.Voice }), cancellationToken);
            return;
        }
        var recap = await RecapAsync(invited, cancellationToken);
        await RunTurnAsync(turnContext, channel, (record, catalog) => CheckinRecaps.Before(
            engine.Greet(record.State, channel, catalog, new Greeting(AskLanguage: true, Invitation: Invited(invited, record)) { Capabilities = ChannelCapabilities.Voice }),
            Invited(invited, record) is null ? null : recap), cancellationToken);
    }

    /// <summary>A check-in opens with "Last year you told us ...; we did ..." (see <see cref="CheckinRecaps"/>).</summary>
    private Task<Prompt?> RecapAsync(InvitationLink? invited, CancellationToken ct) =>
        invited is { Kind: InvitationKind.Checkin } ? services.GetRequiredService<CheckinRecaps>().ForAsync(invited.PersonId, invited.SurveyId, ct) : Task.FromResult<Prompt?>(null);

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
            var invited = string.IsNullOrWhiteSpace(invite) ? null : await Invitations.ResolveAsync(invite, cancellationToken);
            var greeting = new Greeting(
                SurveyId: (string?)value?["survey"],
                Language: (string?)value?["language"] is "en" or "cy" ? (string?)value?["language"] : null)
            {
                Capabilities = ChannelCapabilities.Of(channel),
            };
            var recap = await RecapAsync(invited, cancellationToken);
            await RunTurnAsync(turnContext, channel, (record, catalog) => CheckinRecaps.Before(
                engine.Greet(record.State, channel, catalog, greeting with { Invitation = Invited(invited, record) }),
                Invited(invited, record) is null ? null : recap), cancellationToken);
        }
    }

    /// <summary>Runs one turn from the person through the one pipeline, when we can tell who sent it.</summary>
    private async Task RunTurnAsync(ITurnContext turnContext, Channel channel, Func<ConversationRecord, ISurveyCatalog, TurnResult> decide, CancellationToken cancellationToken)
    {
        var started = System.Diagnostics.Stopwatch.GetTimestamp();
        using var span = CoProductionTelemetry.StartTurn(channel.ToName());
        var answers = 0;
        var failed = true;
        try
        {
            answers = await HandleTurnAsync(turnContext, channel, decide, cancellationToken);
            // A text's webhook turn may return before its batch's commit (HandleTurnAsync asks): its replies go
            // only once this is done, and a failed commit fails the turn here, as it would have below.
            await pipeline.Committed;
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
        if (AddressOf(channel, activity.From?.Id) is not { } address)
        {
            logger.LogWarning("Ignored a {Channel} activity with no usable sender", channel.ToName());
            return 0;
        }

        var messageId = string.IsNullOrEmpty(activity.Id) ? null : activity.Id;
        var answers = 0;
        var outcome = await pipeline.RunAsync(turnContext, new TurnPlan(channel, address, messageId, activity.Recipient?.Id, (record, catalog) =>
        {
            // Decided again when another turn for the person saved first: the last decision counts.
            var result = decide(record, catalog);
            answers = 0;
            for (var i = 0; i < result.Events.Count; i++) if (result.Events[i] is AnswerRecorded) answers++; // no LINQ: every turn
            return result;
        }) { CommitAwaitedAbove = _repliesWaitForTheTurn }, cancellationToken);
        return outcome == TurnOutcome.Done ? answers : 0;
    }

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
        return CoProduction.Store.PhoneNumbers.FromNetwork(from) is { } phone ? new ChannelAddress(channel, phone) : null;
    }
}
