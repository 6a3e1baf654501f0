using Microsoft.Bot.Builder;
using Microsoft.Bot.Schema;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace CoProduction.Channels.DirectLine;

/// <summary>
/// Bot Framework adapter for our own Direct Line endpoint. The bot runs in-process: a posted
/// activity is stored (so the client gets its echo), then the bot's turn runs right here and
/// every reply is appended to the conversation, which pushes it to open WebSockets and makes it
/// readable by polling. No serviceUrl round trip, no app id or password. Proactive turns
/// (ContinueConversationAsync) append the same way.
/// </summary>
public partial class DirectLineAdapter : BotAdapter, ITurnFailureReplies
{
    /// <summary>Longest pause a "delay" activity may ask for; a turn holds the conversation meanwhile.</summary>
    public static readonly TimeSpan MaxDelay = TimeSpan.FromSeconds(10);

    private readonly IDirectLineConversations _conversations;
    private readonly IOptionsMonitor<DirectLineOptions> _options;
    private readonly TimeProvider _time;
    private readonly ILogger<DirectLineAdapter> _logger;
    private readonly DirectLineTurnGates _gates = new();

    public DirectLineAdapter(
        IDirectLineConversations conversations,
        IOptionsMonitor<DirectLineOptions> options,
        TimeProvider time,
        ILogger<DirectLineAdapter> logger)
    {
        _conversations = conversations;
        _options = options;
        _time = time;
        _logger = logger;
        OnTurnError = HandleTurnErrorAsync;
    }

    /// <summary>The bot's own account, as it appears in from/recipient.</summary>
    public ChannelAccount BotAccount => new(_options.CurrentValue.BotId, _options.CurrentValue.BotName, RoleTypes.Bot);

    /// <summary>
    /// Starts (or finds) a conversation. A new one tells the bot, as Azure does, with a
    /// conversationUpdate adding the bot, then one adding the user when the token named them,
    /// so the bot can greet before the person types anything; unless the bot says it does nothing
    /// with them on web chat (<see cref="IMembersAddedListener"/>), when the user joins without them.
    /// </summary>
    public async Task<DirectLineConversationStart> StartConversationAsync(
        string conversationId, ChannelAccount? user, Uri serviceUrl, IBot bot, CancellationToken cancellationToken) =>
        (await StartConversationAsync(conversationId, user, serviceUrl, DirectLineBot.Of(bot), count: null, cancellationToken))!;

    /// <summary>
    /// As the start without a count; with one (where the store <see cref="IDirectLineConversations.CountsStarts"/>),
    /// the request is counted in the start's own write, and null means the address is over its limit: nothing started.
    /// The bot is built only if the start runs a turn on it (<see cref="DirectLineBot"/>).
    /// </summary>
    public async Task<DirectLineConversationStart?> StartConversationAsync(
        string conversationId, ChannelAccount? user, Uri serviceUrl, DirectLineBot bot, DirectLineStartCount? count, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(conversationId);
        ArgumentNullException.ThrowIfNull(serviceUrl);
        ArgumentNullException.ThrowIfNull(bot);

        var userId = string.IsNullOrWhiteSpace(user?.Id) ? null : user.Id;
        var start = count is null
            ? await _conversations.StartAsync(conversationId, userId, user?.Name, cancellationToken)
            : await _conversations.StartAsync(conversationId, userId, user?.Name, count, cancellationToken);
        if (start is null)
        {
            return null;
        }

        if (!start.IsNew)
        {
            return start;
        }

        var conversation = start.Conversation;
        var hears = bot.HearsMembersAdded;
        if (!hears && (userId is null || conversation.UserJoined))
        {
            // Nothing for the bot to hear and nothing left to write: the start is done.
            return start;
        }

        using (await _gates.LockAsync(conversation.Id, cancellationToken))
        {
            if (hears) await RunMembersAddedAsync(conversation, BotAccount, serviceUrl, bot.Bot, userId, cancellationToken);
            // A store that joined the user with the start says so (UserJoined): no second write to ask.
            if (userId is not null && (conversation.UserJoined || await _conversations.AddMemberAsync(conversation.Id, userId, cancellationToken)) && hears)
            {
                await RunMembersAddedAsync(conversation, new ChannelAccount(userId, user!.Name, RoleTypes.User), serviceUrl, bot.Bot, userId, cancellationToken);
            }
        }

        return start;
    }

    /// <summary>
    /// Takes an activity already stamped by <see cref="DirectLineActivityMapper.Inbound"/>: a
    /// message or event is stored (its echo reaches the client) and the bot's turn runs before
    /// this returns, as Azure answers the POST once the bot has; typing is passed on to
    /// listeners only. Returns the activity's id.
    /// </summary>
    public Task<string?> ReceiveActivityAsync(DirectLineConversation conversation, Activity activity, IBot bot, CancellationToken cancellationToken) =>
        ReceiveActivityAsync(conversation, activity, clientActivityId: null, DirectLineBot.Of(bot), cancellationToken);

    /// <summary>
    /// As the overload without a client id; with one (<see cref="DirectLineInbound.ClientActivityId"/>),
    /// the same activity posted again is answered once: it gets the same id, its turn is the same
    /// message (which the bot's store records once), and the history keeps it and its replies once.
    /// The bot is built when its first turn runs (typing runs none).
    /// </summary>
    public async Task<string?> ReceiveActivityAsync(DirectLineConversation conversation, Activity activity, string? clientActivityId, DirectLineBot bot, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(conversation);
        ArgumentNullException.ThrowIfNull(activity);
        ArgumentNullException.ThrowIfNull(bot);

        if (activity.Type == ActivityTypes.Typing)
        {
            // Typing is a moment's signal, not an answer: not kept, not a bot turn (a survey
            // bot has nothing to do with it, and a turn per keystroke would load the store).
            activity.Id = conversation.Id + "|t" + Guid.NewGuid().ToString("N")[..12];
            var delivered = await _conversations.PublishAsync(conversation.Id, DirectLineJson.Serialize(activity), cancellationToken);
            return delivered ? activity.Id : null;
        }

        using (await _gates.LockAsync(conversation.Id, cancellationToken))
        {
            var userId = activity.From.Id;
            var joined = conversation.UserJoined && string.Equals(userId, conversation.UserId, StringComparison.Ordinal);
            if (!joined && await _conversations.AddMemberAsync(conversation.Id, userId, cancellationToken) && bot.HearsMembersAdded)
            {
                // Azure's behaviour when the token did not name the user: they "join" with
                // their first message, and the bot hears of it just before that message.
                await RunMembersAddedAsync(conversation, activity.From, new Uri(activity.ServiceUrl), bot.Bot, userId, cancellationToken);
            }

            // The visitor's activity is kept together with the turn's replies, in one write: its id
            // (the turn's message id) is not its number, so the turn need not wait for a write of
            // its own. Its echo comes first in the history, as before; a turn with no reply stores it alone.
            activity.Id = clientActivityId is null
                ? DirectLineActivityMapper.InboundId(conversation.Id)
                : DirectLineActivityMapper.InboundId(conversation.Id, clientActivityId);
            var received = new ReceivedActivity(DirectLineJson.Serialize(activity), clientActivityId);
            using var turnContext = new VisitorTurnContext(this, activity, new VisitorTurn(received));
            await RunPipelineAsync(turnContext, bot.Bot.OnTurnAsync, cancellationToken);
            await AnnounceKeptAsync(turnContext, cancellationToken);
            if (!received.Stored && !received.Repeated && await AppendReceivedAsync(conversation.Id, received, [], cancellationToken) == DirectLineAppendOutcome.Gone)
            {
                return null;
            }
            return activity.Id;
        }
    }

    public override async Task<ResourceResponse[]> SendActivitiesAsync(ITurnContext turnContext, Activity[] activities, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(turnContext);
        ArgumentNullException.ThrowIfNull(activities);

        // Kept already by the turn's own transaction (DirectLineAdapter.KeptWithTurn.cs).
        if (await SendKeptAsync(turnContext, activities, cancellationToken) is { } kept) return kept;

        var conversationId = turnContext.Activity?.Conversation?.Id;
        var responses = new ResourceResponse[activities.Length];
        // Kept activities in a row (a turn's replies) are stored together, in one write.
        var pending = new List<(int Index, Activity Original, Activity Stamped)>();
        for (var i = 0; i < activities.Length; i++)
        {
            var activity = activities[i];
            var targetConversation = activity.Conversation?.Id ?? conversationId;
            if (string.IsNullOrEmpty(targetConversation))
            {
                throw new InvalidOperationException("A reply has no conversation to go to.");
            }
            if (pending.Count > 0 && pending[0].Stamped.Conversation.Id != targetConversation)
            {
                await AppendPendingAsync(turnContext, pending, responses, cancellationToken);
            }

            switch (activity.Type)
            {
                case ActivityTypes.Delay:
                    await AppendPendingAsync(turnContext, pending, responses, cancellationToken);
                    await Task.Delay(DelayOf(activity), _time, cancellationToken);
                    responses[i] = new ResourceResponse(string.Empty);
                    continue;
                case ActivityTypes.Trace:
                case ActivityTypesEx.InvokeResponse:
                    // Trace is for the Emulator; an invoke response belongs to an HTTP answer we do not have.
                    responses[i] = new ResourceResponse(string.Empty);
                    continue;
            }

            var stamped = DirectLineActivityMapper.Outbound(activity, targetConversation, BotAccount, _time.GetUtcNow());
            if (stamped.Type == ActivityTypes.Typing)
            {
                await AppendPendingAsync(turnContext, pending, responses, cancellationToken);
                stamped.Id = targetConversation + "|t" + Guid.NewGuid().ToString("N")[..12];
                await _conversations.PublishAsync(targetConversation, DirectLineJson.Serialize(stamped), cancellationToken);
                responses[i] = new ResourceResponse(stamped.Id);
                continue;
            }
            pending.Add((i, activity, stamped));
        }
        await AppendPendingAsync(turnContext, pending, responses, cancellationToken);

        return responses;
    }

    private async Task AppendPendingAsync(ITurnContext turnContext, List<(int Index, Activity Original, Activity Stamped)> pending, ResourceResponse[] responses, CancellationToken cancellationToken)
    {
        if (pending.Count == 0) return;
        var targetConversation = pending[0].Stamped.Conversation.Id;
        var replies = pending.Select(p => (Func<long, string>)(sequence =>
        {
            p.Stamped.Id = DirectLineActivityMapper.ActivityId(targetConversation, sequence);
            return DirectLineJson.Serialize(p.Stamped);
        })).ToList();
        // The visitor's own activity goes first, in the same write as the first replies to it.
        var received = VisitorTurnContext.Of(turnContext)?.Received;
        var own = received is not null && turnContext.Activity.Conversation?.Id == targetConversation;
        DirectLineAppendOutcome outcome;
        if (own && received!.Repeated) outcome = DirectLineAppendOutcome.Repeated;
        else if (own && !received!.Stored) outcome = await AppendReceivedAsync(targetConversation, received, replies, cancellationToken);
        else outcome = await _conversations.AppendAsync(targetConversation, replies, cancellationToken) is null ? DirectLineAppendOutcome.Gone : DirectLineAppendOutcome.Appended;
        if (outcome == DirectLineAppendOutcome.Gone)
        {
            throw new InvalidOperationException("The web chat conversation has ended or expired, so the message could not be sent.");
        }
        foreach (var (index, original, stamped) in pending)
        {
            // A repeated post's replies were given and kept the first time: these go nowhere.
            original.Id = outcome == DirectLineAppendOutcome.Repeated ? null : stamped.Id;
            responses[index] = new ResourceResponse(original.Id ?? string.Empty);
        }
        pending.Clear();
    }

    /// <summary>The visitor's activity with what comes with it, under the client's id when it gave one.</summary>
    private async Task<DirectLineAppendOutcome> AppendReceivedAsync(
        string conversationId, ReceivedActivity received, IReadOnlyList<Func<long, string>> replies, CancellationToken cancellationToken)
    {
        List<Func<long, string>> renders = [_ => received.Json, .. replies];
        var outcome = received.ClientActivityId is { } clientId
            ? await _conversations.AppendReceivedAsync(conversationId, clientId, renders, cancellationToken)
            : await _conversations.AppendAsync(conversationId, renders, cancellationToken) is null ? DirectLineAppendOutcome.Gone : DirectLineAppendOutcome.Appended;
        if (outcome == DirectLineAppendOutcome.Appended) received.MarkStored();
        if (outcome == DirectLineAppendOutcome.Repeated) received.MarkRepeated();
        return outcome;
    }

    private async Task RunMembersAddedAsync(DirectLineConversation conversation, ChannelAccount member, Uri serviceUrl, IBot bot, string? userId, CancellationToken cancellationToken)
    {
        var update = DirectLineActivityMapper.MembersAdded(conversation, member, BotAccount, serviceUrl, _time.GetUtcNow(), userId);
        using var turnContext = new VisitorTurnContext(this, update, new VisitorTurn(received: null));
        await RunPipelineAsync(turnContext, bot.OnTurnAsync, cancellationToken);
    }

    private static TimeSpan DelayOf(Activity activity)
    {
        var milliseconds = activity.Value switch
        {
            int i => i,
            long l => l,
            double d => d,
            string s when double.TryParse(s, System.Globalization.CultureInfo.InvariantCulture, out var parsed) => parsed,
            Newtonsoft.Json.Linq.JValue { Value: IConvertible c } => c.ToDouble(System.Globalization.CultureInfo.InvariantCulture),
            _ => 1000,
        };
        return TimeSpan.FromMilliseconds(Math.Clamp(milliseconds, 0, MaxDelay.TotalMilliseconds));
    }

    /// <summary>
    /// A turn started by the person (their post, or their joining), where an apology is due on failure: the
    /// visitor's activity to keep (none for a joining) and the turn's activities once prepared for its save.
    /// </summary>
    private sealed class VisitorTurn(ReceivedActivity? received)
    {
        public ReceivedActivity? Received { get; } = received;

        public DirectLineTurnActivities? Prepared { get; set; }
    }

    /// <summary>
    /// The context of a <see cref="VisitorTurn"/>, which rides on it: this adapter's own calls (sending the replies,
    /// the turn's end) read it from the context they are given, at no cost. Bot Framework's TurnState compares its
    /// keys culture-aware (an ICU sort key of a type's full name on every add and look-up, as Twilio's
    /// WebhookTurnContext says; about 1% of a chat turn's samples, nineteenth round), so the turn is in it once,
    /// under a short key, for the bot's wrapped context (ActivityHandler hands the bot a context that wraps this one:
    /// the save's preparation and a transient failure's apology come through it).
    /// </summary>
    private sealed class VisitorTurnContext : TurnContext
    {
        private const string Key = "dl";

        public VisitorTurnContext(BotAdapter adapter, Activity activity, VisitorTurn turn)
            : base(adapter, activity)
        {
            Turn = turn;
            TurnState.Add(Key, turn);
        }

        public VisitorTurn Turn { get; }

        /// <summary>The person's turn of <paramref name="turnContext"/> (its own or a wrapping one); null for any other turn.</summary>
        public static VisitorTurn? Of(ITurnContext? turnContext) => turnContext switch
        {
            null => null,
            VisitorTurnContext own => own.Turn,
            _ => turnContext.TurnState.Get<VisitorTurn>(Key),
        };
    }

    /// <summary>The visitor's activity of this turn, as it is to be kept, until it is stored with the first replies.</summary>
    private sealed class ReceivedActivity(string json, string? clientActivityId)
    {
        public string Json { get; } = json;

        public string? ClientActivityId { get; } = clientActivityId;

        public bool Stored { get; private set; }

        /// <summary>Kept already, from the first time the client posted it: nothing of this turn is kept.</summary>
        public bool Repeated { get; private set; }

        public void MarkStored() => Stored = true;

        public void MarkRepeated() => Repeated = true;
    }
}
