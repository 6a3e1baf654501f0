using System.Collections.Concurrent;
using Microsoft.Bot.Builder;
using Microsoft.Bot.Schema;

namespace CoProduction.Channels.Tests.DirectLine;

/// <summary>The smallest bot that shows a round trip: echoes text with two suggested actions, greets who joins.</summary>
internal sealed class EchoBot : ActivityHandler
{
    public ConcurrentQueue<Activity> Received { get; } = new();

    public override Task OnTurnAsync(ITurnContext turnContext, CancellationToken cancellationToken = default)
    {
        Received.Enqueue(turnContext.Activity);
        return base.OnTurnAsync(turnContext, cancellationToken);
    }

    protected override Task OnMessageActivityAsync(ITurnContext<IMessageActivity> turnContext, CancellationToken cancellationToken)
    {
        if (turnContext.Activity.Text == "fail")
        {
            throw new InvalidOperationException("A bot bug, on purpose.");
        }

        if (turnContext.Activity.Text == "quiet")
        {
            return Task.CompletedTask;
        }

        var reply = MessageFactory.SuggestedActions(new List<string> { "Yes", "No" }, $"You said: {turnContext.Activity.Text}", null, null, null);
        return turnContext.SendActivityAsync(reply, cancellationToken);
    }

    protected override async Task OnMembersAddedAsync(IList<ChannelAccount> membersAdded, ITurnContext<IConversationUpdateActivity> turnContext, CancellationToken cancellationToken)
    {
        foreach (var member in membersAdded.Where(m => m.Id != turnContext.Activity.Recipient.Id))
        {
            await turnContext.SendActivityAsync(MessageFactory.Text("Hello! Say anything."), cancellationToken);
        }
    }
}
