using System.Security.Claims;
using Microsoft.AspNetCore.Http;
using Microsoft.Bot.Builder;
using Microsoft.Bot.Schema;
using Microsoft.Extensions.Logging;

namespace CoProduction.Channels.Twilio;

/// <summary>
/// Bot Framework adapter for Twilio SMS. A webhook turn runs the bot in-process and answers
/// with its replies as TwiML in the same HTTP response (no second REST call, so replies
/// cost nothing extra and arrive in order). Outside a webhook turn (proactive messages,
/// ContinueConversationAsync) each message goes through <see cref="ISmsSender"/>.
/// </summary>
public class TwilioSmsAdapter : BotAdapter, ITurnFailureReplies
{
    /// <summary>Twilio's own limit for one message; anything longer is not from a real phone.</summary>
    public const int MaxBodyLength = 1600;

    public const string TooLongReply = "Sorry, that message was too long for us to read. Please send a shorter reply.";
    public const string ErrorReply = TurnFailureRule.English.TryAgainLater;

    private static long _bufferedReplies;

    private readonly TwilioSmsMapper _mapper;
    private readonly ISmsSender _sender;
    private readonly ILogger<TwilioSmsAdapter> _logger;

    public TwilioSmsAdapter(TwilioSmsMapper mapper, ISmsSender sender, ILogger<TwilioSmsAdapter> logger)
    {
        _mapper = mapper;
        _sender = sender;
        _logger = logger;
        OnTurnError = HandleTurnErrorAsync;
    }

    /// <summary>Handles one POST /twilio/sms. Check the signature before calling this.</summary>
    public async Task ProcessAsync(HttpRequest request, HttpResponse response, IBot bot, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(response);
        ArgumentNullException.ThrowIfNull(bot);

        if (await TwilioWebhookForm.ReadOrRefuseAsync(request, "This text message", cancellationToken) is not { } form)
        {
            return;
        }

        var mapped = _mapper.Map(form);
        if (!mapped.Succeeded)
        {
            _logger.LogWarning("Refused an SMS webhook: {Problem}", mapped.Problem);
            await TwilioWebhookForm.RefuseAsync(request.HttpContext, mapped.Problem);
            return;
        }

        var activity = mapped.Activity;
        if (activity.Text.Length > MaxBodyLength)
        {
            // Not passed to the bot: nothing that long is an answer, and it may be an attempt
            // to fill the store. The person still gets a kind reply.
            _logger.LogInformation("Did not read SMS {MessageSid}: {Length} characters is over the limit", activity.Id, activity.Text.Length);
            await WriteTwimlAsync(response, [MessageFactory.Text(TooLongReply)], cancellationToken);
            return;
        }

        TurnReplyBuffer replies;
        using (var turnContext = new WebhookTurnContext(this, activity))
        {
            replies = turnContext.Replies;
            await RunPipelineAsync(turnContext, bot.OnTurnAsync, cancellationToken);
        }

        if (replies.RetryLater)
        {
            TurnReplyBuffer.WriteRetryLater(response);
            return;
        }

        await WriteTwimlAsync(response, replies.Snapshot(), cancellationToken);
    }

    public override async Task<ResourceResponse[]> SendActivitiesAsync(ITurnContext turnContext, Activity[] activities, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(turnContext);
        ArgumentNullException.ThrowIfNull(activities);

        var responses = new ResourceResponse[activities.Length];
        var replies = TurnReplyBuffer.Of(turnContext);
        for (var i = 0; i < activities.Length; i++)
        {
            var activity = activities[i];
            if (replies is not null)
            {
                replies.Add(activity);
                // Goes back in this HTTP response, where no id is seen: a number, not a random id (each
                // Guid.NewGuid was a read of the system's random source, a system call a turn).
                responses[i] = new ResourceResponse(activity.Id ?? "twiml-" + Interlocked.Increment(ref _bufferedReplies).ToString(System.Globalization.CultureInfo.InvariantCulture));
            }
            else if (GetSendResults(turnContext).Any(r => !r.Succeeded))
            {
                // A later text without the one before it makes no sense to the person: once one
                // fails, the rest of the turn's texts are not sent.
                responses[i] = new ResourceResponse(activity.Id ?? Guid.NewGuid().ToString("N"));
            }
            else
            {
                responses[i] = await SendProactiveAsync(turnContext, activity, cancellationToken);
            }
        }

        return responses;
    }

    /// <summary>
    /// Same as the bot-id overload: an SMS conversation needs no identity, because replies go
    /// through <see cref="ISmsSender"/> rather than a Bot Connector service.
    /// </summary>
    /// <summary>
    /// A proactive turn. Bot Framework's own version returns from inside its <c>using</c> block
    /// without awaiting, so a callback that really waits (a PostgreSQL store does) found its turn
    /// context disposed when it came to send: the survey was saved but its first text never went.
    /// </summary>
    public override async Task ContinueConversationAsync(string botId, ConversationReference reference, BotCallbackHandler callback, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(reference);
        ArgumentNullException.ThrowIfNull(callback);
        using var turnContext = new TurnContext(this, reference.GetContinuationActivity());
        await RunPipelineAsync(turnContext, callback, cancellationToken);
    }

    public override Task ContinueConversationAsync(ClaimsIdentity claimsIdentity, ConversationReference reference, BotCallbackHandler callback, CancellationToken cancellationToken) =>
        ContinueConversationAsync(string.Empty, reference, callback, cancellationToken);

    public override Task ContinueConversationAsync(ClaimsIdentity claimsIdentity, ConversationReference reference, string audience, BotCallbackHandler callback, CancellationToken cancellationToken) =>
        ContinueConversationAsync(string.Empty, reference, callback, cancellationToken);

    public override Task<ResourceResponse> UpdateActivityAsync(ITurnContext turnContext, Activity activity, CancellationToken cancellationToken) =>
        throw new NotSupportedException("A text message cannot be changed once sent.");

    public override Task DeleteActivityAsync(ITurnContext turnContext, ConversationReference reference, CancellationToken cancellationToken) =>
        throw new NotSupportedException("A text message cannot be deleted once sent.");

    /// <summary>
    /// Whether the turn's replies are held until the turn is over and then written in the webhook's
    /// response (TwiML), rather than sent as they come (a proactive turn's, through <see cref="ISmsSender"/>).
    /// </summary>
    public static bool RepliesWaitForTheTurn(ITurnContext turnContext) => TurnReplyBuffer.Of(turnContext) is not null;

    /// <summary>
    /// What happened to each text sent in a proactive turn (opted out, rate limited...), for
    /// the caller of ContinueConversationAsync to read inside its callback. Empty in a
    /// webhook turn, whose replies go back as TwiML.
    /// </summary>
    public static IReadOnlyList<SmsSendResult> GetSendResults(ITurnContext turnContext)
    {
        ArgumentNullException.ThrowIfNull(turnContext);
        return turnContext.TurnState.Get<SendResults>()?.Snapshot() ?? [];
    }

    private async Task<ResourceResponse> SendProactiveAsync(ITurnContext turnContext, Activity activity, CancellationToken cancellationToken)
    {
        if (activity.Type != ActivityTypes.Message || string.IsNullOrWhiteSpace(activity.Text))
        {
            return new ResourceResponse(activity.Id ?? Guid.NewGuid().ToString("N"));
        }

        var results = turnContext.TurnState.Get<SendResults>();
        if (results is null)
        {
            results = new SendResults();
            turnContext.TurnState.Add(results);
        }

        var to = activity.Recipient?.Id ?? activity.Conversation?.Id;
        var result = string.IsNullOrEmpty(to)
            ? SmsSendResult.Failed("no-recipient", "The message had no phone number to send to.", retryable: false)
            : await _sender.SendAsync(to, activity.Text, cancellationToken);
        results.Add(result);

        // A failed send still returns a response: the failure is reported through GetSendResults.
        return new ResourceResponse(result.MessageId ?? activity.Id ?? Guid.NewGuid().ToString("N"));
    }

    /// <summary>
    /// The error boundary, set as <see cref="BotAdapter.OnTurnError"/>. Public so the host can
    /// wrap it (for example to reset the person's conversation state first) and still log
    /// and apologise the same way.
    /// </summary>
    public async Task HandleTurnErrorAsync(ITurnContext turnContext, Exception exception)
    {
        await TurnFailureRule.HandleAsync(_logger, turnContext, exception, TurnFailureKind.Lasting, FailureMedium.Text, TwilioFailureAnswer.For(turnContext, hangUp: false));
    }

    /// <inheritdoc />
    public Task HandleTransientFailureAsync(ITurnContext turnContext, Exception exception) =>
        TurnFailureRule.HandleAsync(_logger, turnContext, exception, TurnFailureKind.Passing, FailureMedium.Text, TwilioFailureAnswer.For(turnContext, hangUp: false));

    private static Task WriteTwimlAsync(HttpResponse response, IEnumerable<IActivity> replies, CancellationToken cancellationToken) =>
        SmsTwiml.WriteAsync(response, replies, cancellationToken);

    private sealed class SendResults
    {
        private readonly Lock _gate = new();
        private readonly List<SmsSendResult> _results = [];

        public void Add(SmsSendResult result)
        {
            lock (_gate) _results.Add(result);
        }

        public SmsSendResult[] Snapshot()
        {
            lock (_gate) return [.. _results];
        }
    }
}
