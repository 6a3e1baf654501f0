using CoProduction.Surveys.Definitions;
using CoProduction.Surveys.Engine;
using CoProduction.Surveys.Rendering;
using Microsoft.Bot.Builder;
using Microsoft.Bot.Schema;

namespace CoProduction.Bot.Conversations;

/// <summary>
/// Turns the engine's channel-neutral prompts into Bot Framework activities for one channel.
/// SMS gets finished texts (a basic phone has no buttons); web and voice get the text plus the
/// choices as suggested actions, which Web Chat draws as buttons and the voice adapter reads
/// out as "press 1 for ...".
/// </summary>
public static class ChannelReplies
{
    public static IReadOnlyList<Activity> For(Channel channel, IReadOnlyList<Prompt> prompts) => channel switch
    {
        Channel.Sms => SmsRenderer.Render(prompts).Select(text => (Activity)MessageFactory.Text(text)).ToList(),
        _ => prompts.Select(WithChoices).ToList(),
    };

    private static Activity WithChoices(Prompt prompt)
    {
        var activity = (Activity)MessageFactory.Text(prompt.Text);
        activity.Locale = prompt.Language;
        if (prompt.Input is { Choices.Count: > 0 } input)
        {
            activity.SuggestedActions = new SuggestedActions
            {
                Actions = input.Choices
                    .Select(c => new CardAction(ActionTypes.ImBack, title: c.Label, value: c.Reply))
                    .ToList(),
            };
        }
        activity.InputHint = prompt.Kind == PromptKind.Question ? InputHints.ExpectingInput : InputHints.AcceptingInput;
        return activity;
    }

    /// <summary>The plain texts of the replies, kept with the inbound message id so a retried webhook gets the same answer.</summary>
    public static IReadOnlyList<string> Texts(IEnumerable<Activity> activities) =>
        activities.Select(a => a.Text ?? "").Where(t => t.Length > 0).ToList();
}
