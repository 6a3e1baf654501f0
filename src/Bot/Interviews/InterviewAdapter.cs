using Microsoft.Bot.Builder;
using Microsoft.Bot.Schema;

namespace CoProduction.Bot.Interviews;

/// <summary>
/// The interview page's side of a turn: nothing is sent anywhere, the replies are kept for the
/// page to show. A Bot Framework adapter, so an interview turn runs through the same
/// <see cref="Conversations.TurnPipeline"/> as a text, a call or a chat.
/// </summary>
public sealed class InterviewAdapter : BotAdapter
{
    public const string ChannelId = "interview";

    public List<Activity> Sent { get; } = [];

    public override Task<ResourceResponse[]> SendActivitiesAsync(ITurnContext turnContext, Activity[] activities, CancellationToken cancellationToken)
    {
        Sent.AddRange(activities);
        return Task.FromResult(activities.Select(_ => new ResourceResponse(Guid.NewGuid().ToString("N"))).ToArray());
    }

    public override Task<ResourceResponse> UpdateActivityAsync(ITurnContext turnContext, Activity activity, CancellationToken cancellationToken) =>
        throw new NotSupportedException("An interview page never changes what it showed.");

    public override Task DeleteActivityAsync(ITurnContext turnContext, ConversationReference reference, CancellationToken cancellationToken) =>
        throw new NotSupportedException("An interview page never changes what it showed.");
}
