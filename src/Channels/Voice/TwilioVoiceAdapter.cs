using System.Security.Claims;
using CoProduction.Channels.Twilio;
using Microsoft.AspNetCore.Http;
using Microsoft.Bot.Builder;
using Microsoft.Bot.Schema;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace CoProduction.Channels.Voice;

/// <summary>
/// Bot Framework adapter for Twilio voice calls. Twilio asks us what to do next at every step
/// of a call and waits for the answer, so each webhook runs one bot turn in-process and
/// answers with the bot's replies as TwiML in the same response. There is no way to speak
/// into a call outside such a request: start calls with <see cref="IVoiceCaller"/>.
/// Map both the call webhook (POST /twilio/voice) and its answers (POST /twilio/voice/gather)
/// to <see cref="ProcessAsync"/>, behind the signature filter.
/// </summary>
public class TwilioVoiceAdapter : BotAdapter, ITurnFailureReplies
{
    public const string ErrorReply = TurnFailureRule.English.CallBackLater;

    /// <summary>Said to an answering machine when the bot gives no wording of its own.</summary>
    public const string AnsweringMachineMessage = "Hello, this is a call about your support survey. We'll try again another time. Goodbye.";

    private readonly TwilioVoiceMapper _mapper;
    private readonly IOptionsMonitor<TwilioOptions> _twilio;
    private readonly ILogger<TwilioVoiceAdapter> _logger;

    public TwilioVoiceAdapter(TwilioVoiceMapper mapper, IOptionsMonitor<TwilioOptions> twilio, ILogger<TwilioVoiceAdapter> logger)
    {
        _mapper = mapper;
        _twilio = twilio;
        _logger = logger;
        OnTurnError = HandleTurnErrorAsync;
    }

    /// <summary>Handles one call webhook or gather action. Check the signature before calling this.</summary>
    public async Task ProcessAsync(HttpRequest request, HttpResponse response, IBot bot, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(response);
        ArgumentNullException.ThrowIfNull(bot);

        if (await TwilioWebhookForm.ReadOrRefuseAsync(request, "This call request", cancellationToken) is not { } form)
        {
            return;
        }

        var mapped = _mapper.Map(form, request.QueryString.Value);
        if (!mapped.Succeeded)
        {
            _logger.LogWarning("Refused a call webhook: {Problem}", mapped.Problem);
            await TwilioWebhookForm.RefuseAsync(request.HttpContext, mapped.Problem);
            return;
        }

        var activity = mapped.Activity;
        var call = (VoiceCallData)activity.ChannelData;
        // Ids and kinds only: numbers, keys and words are the caller's own and stay out of logs.
        _logger.LogInformation("Call {CallSid} turn {Turn}: {ActivityType}, input {InputType}", call.CallSid, call.Turn, activity.Type, call.InputType);

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

        var spoken = replies.Snapshot().Cast<IActivity>().ToList();
        if (activity.Type == ActivityTypes.Event && activity.Name == TwilioVoiceMapper.AnsweringMachineEventName)
        {
            spoken = ForAnsweringMachine(spoken, activity.Locale, call);
        }

        var links = VoiceLinks.For(request, _twilio.CurrentValue.PublicBaseUrl, call.Invitation, call.Turn + 1);
        response.StatusCode = StatusCodes.Status200OK;
        response.ContentType = "application/xml";
        await response.WriteAsync(_mapper.ToTwiml(spoken, links), cancellationToken);
    }

    public override Task<ResourceResponse[]> SendActivitiesAsync(ITurnContext turnContext, Activity[] activities, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(turnContext);
        ArgumentNullException.ThrowIfNull(activities);

        var replies = TurnReplyBuffer.Of(turnContext)
            ?? throw new InvalidOperationException(
                "A phone call can only be spoken to while Twilio waits for the answer to a call webhook. Use IVoiceCaller to start a call.");

        var responses = new ResourceResponse[activities.Length];
        for (var i = 0; i < activities.Length; i++)
        {
            replies.Add(activities[i]);
            responses[i] = new ResourceResponse(activities[i].Id ?? Guid.NewGuid().ToString("N"));
        }

        return Task.FromResult(responses);
    }

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
        throw new NotSupportedException("Words already spoken on a call cannot be changed.");

    public override Task DeleteActivityAsync(ITurnContext turnContext, ConversationReference reference, CancellationToken cancellationToken) =>
        throw new NotSupportedException("Words already spoken on a call cannot be taken back.");

    /// <summary>
    /// The error boundary, set as <see cref="BotAdapter.OnTurnError"/>. Public so the host can
    /// wrap it (to reset the caller's conversation first) and still apologise and hang up the
    /// same way: a caller must hear something, never silence or Twilio's own error message.
    /// </summary>
    public async Task HandleTurnErrorAsync(ITurnContext turnContext, Exception exception)
    {
        await TurnFailureRule.HandleAsync(_logger, turnContext, exception, TurnFailureKind.Lasting, FailureMedium.Call, TwilioFailureAnswer.For(turnContext, hangUp: true));
    }

    /// <inheritdoc />
    public Task HandleTransientFailureAsync(ITurnContext turnContext, Exception exception) =>
        TurnFailureRule.HandleAsync(_logger, turnContext, exception, TurnFailureKind.Passing, FailureMedium.Call, TwilioFailureAnswer.For(turnContext, hangUp: true));

    /// <summary>
    /// A machine gets words and a hang-up, never a question: it cannot answer, and a survey
    /// left on a voicemail would sit in someone's messages for anyone to hear.
    /// </summary>
    private List<IActivity> ForAnsweringMachine(List<IActivity> replies, string? locale, VoiceCallData call)
    {
        _logger.LogInformation("Call {CallSid} reached an answering machine ({AnsweredBy})", call.CallSid, call.AnsweredBy);
        var words = replies
            .Where(a => a.Type == ActivityTypes.Message && a is IMessageActivity m && !string.IsNullOrWhiteSpace(m.Text))
            .Select(a =>
            {
                var m = (IMessageActivity)a;
                var plain = MessageFactory.Text(m.Text);
                plain.Locale = m.Locale ?? locale;
                return (IActivity)plain;
            })
            .ToList();
        if (words.Count == 0)
        {
            var message = MessageFactory.Text(AnsweringMachineMessage);
            message.Locale = locale;
            words.Add(message);
        }

        words.Add(new Activity(ActivityTypes.EndOfConversation));
        return words;
    }
}
