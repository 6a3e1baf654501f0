using System.Security.Claims;
using Microsoft.Bot.Builder;
using Microsoft.Bot.Schema;

namespace CoProduction.Channels.DirectLine;

/// <summary>
/// The adapter's turns that no visitor's post starts (a proactive turn, e.g. a survey started from an
/// invitation link) and its error boundary: the plain replies a visitor sees when a turn fails.
/// </summary>
public partial class DirectLineAdapter
{
    public const string ErrorReply = TurnFailureRule.English.TryAgainLater;

    /// <summary>Said when the store could not take the message just now: nothing was kept, so sending it again works.</summary>
    public const string TryAgainReply = TurnFailureRule.English.TryAgainInAMoment;

    /// <summary>
    /// Runs a proactive turn (e.g. starting a survey from an invitation link) in an existing
    /// conversation; its messages are appended like replies. Serialised with the person's own
    /// turns, so the two never interleave.
    /// </summary>
    public override async Task ContinueConversationAsync(string botId, ConversationReference reference, BotCallbackHandler callback, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(reference);
        ArgumentNullException.ThrowIfNull(callback);
        var conversationId = reference.Conversation?.Id;
        if (string.IsNullOrEmpty(conversationId) || await _conversations.FindAsync(conversationId, cancellationToken) is null)
        {
            throw new InvalidOperationException("The web chat conversation has ended or expired, so it cannot be continued.");
        }

        var activity = reference.GetContinuationActivity();
        activity.ChannelId = DirectLineActivityMapper.ChannelId;
        activity.Recipient ??= BotAccount;
        using (await _gates.LockAsync(conversationId, cancellationToken))
        {
            using var turnContext = new TurnContext(this, activity);
            await RunPipelineAsync(turnContext, callback, cancellationToken);
        }
    }

    /// <summary>Same as the bot-id overload: our Direct Line needs no identity to send.</summary>
    public override Task ContinueConversationAsync(ClaimsIdentity claimsIdentity, ConversationReference reference, BotCallbackHandler callback, CancellationToken cancellationToken) =>
        ContinueConversationAsync(string.Empty, reference, callback, cancellationToken);

    public override Task ContinueConversationAsync(ClaimsIdentity claimsIdentity, ConversationReference reference, string audience, BotCallbackHandler callback, CancellationToken cancellationToken) =>
        ContinueConversationAsync(string.Empty, reference, callback, cancellationToken);

    public override Task<ResourceResponse> UpdateActivityAsync(ITurnContext turnContext, Activity activity, CancellationToken cancellationToken) =>
        throw new NotSupportedException("Web chat messages are not changed once sent.");

    public override Task DeleteActivityAsync(ITurnContext turnContext, ConversationReference reference, CancellationToken cancellationToken) =>
        throw new NotSupportedException("Web chat messages are not deleted once sent.");

    /// <summary>
    /// The error boundary, set as <see cref="BotAdapter.OnTurnError"/>. Public so the host can
    /// wrap it (reset the person's conversation state first) and still log and apologise the same way.
    /// </summary>
    public async Task HandleTurnErrorAsync(ITurnContext turnContext, Exception exception)
    {
        // Someone is looking at the chat window (a visitor's post): tell them, kindly.
        await TurnFailureRule.HandleAsync(_logger, turnContext, exception, TurnFailureKind.Lasting, FailureMedium.Chat,
            VisitorTurnContext.Of(turnContext) is null ? null : reply => turnContext!.SendActivityAsync(MessageFactory.Text(reply.Words)));
    }

    /// <inheritdoc />
    public async Task HandleTransientFailureAsync(ITurnContext turnContext, Exception exception)
    {
        await TurnFailureRule.HandleAsync(_logger, turnContext, exception, TurnFailureKind.Passing, FailureMedium.Chat,
            VisitorTurnContext.Of(turnContext) is null ? null : reply => turnContext!.SendActivityAsync(MessageFactory.Text(reply.Words)));
    }
}
