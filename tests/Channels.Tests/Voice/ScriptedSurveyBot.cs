using System.Collections.Concurrent;
using CoProduction.Channels.Voice;
using Microsoft.Bot.Builder;
using Microsoft.Bot.Schema;

namespace CoProduction.Channels.Tests.Voice;

/// <summary>
/// A three-question bot speaking the voice convention the way the survey bot will: greets on
/// the call's ConversationUpdate, asks with suggested actions and a gather spec, re-asks on
/// silence, thanks and ends. It records what it was given, per call.
/// </summary>
internal sealed class ScriptedSurveyBot : IBot
{
    public const string Greeting = "Hello. Three quick questions about your support.";
    public const string Happy = "How happy are you with your support? Press a number from 1 to 5.";
    public const string Matters = "What matters most to you this year?";
    public const string Visits = "How many times did you see your support worker last month? Key the number, then press hash.";
    public const string NotHeard = "Sorry, I did not hear anything.";
    public const string Thanks = "Thank you. Your answers help us change things. Goodbye.";

    public ConcurrentDictionary<string, List<string>> Answers { get; } = new();

    public ConcurrentQueue<Activity> Seen { get; } = new();

    public string? MachineWording { get; init; }

    public Func<ITurnContext, Task>? Interrupt { get; init; }

    public async Task OnTurnAsync(ITurnContext turnContext, CancellationToken cancellationToken = default)
    {
        var activity = turnContext.Activity;
        Seen.Enqueue(activity);
        if (Interrupt is not null)
        {
            await Interrupt(turnContext);
        }

        var answers = Answers.GetOrAdd(activity.Conversation.Id, _ => []);
        if (activity.Type == ActivityTypes.Event && activity.Name == TwilioVoiceMapper.AnsweringMachineEventName)
        {
            if (MachineWording is not null)
            {
                // A question here must still not reach the machine: the adapter plays words and hangs up.
                await turnContext.SendActivityAsync(Ask(MachineWording, 0), cancellationToken);
            }

            return;
        }

        if (activity.Type == ActivityTypes.ConversationUpdate)
        {
            await turnContext.SendActivitiesAsync([MessageFactory.Text(Greeting), Ask(Happy, 0)], cancellationToken);
            return;
        }

        if (activity.Type != ActivityTypes.Message)
        {
            return;
        }

        if (VoiceCallData.From(activity) is { NoInput: true })
        {
            await turnContext.SendActivitiesAsync([MessageFactory.Text(NotHeard), Ask(Question(answers.Count), answers.Count)], cancellationToken);
            return;
        }

        answers.Add(activity.Text);
        if (answers.Count < 3)
        {
            await turnContext.SendActivityAsync(Ask(Question(answers.Count), answers.Count), cancellationToken);
            return;
        }

        await turnContext.SendActivitiesAsync([MessageFactory.Text(Thanks), new Activity(ActivityTypes.EndOfConversation)], cancellationToken);
    }

    private static string Question(int index) => index switch { 0 => Happy, 1 => Matters, _ => Visits };

    private static Activity Ask(string text, int index)
    {
        var activity = MessageFactory.Text(text);
        activity.InputHint = InputHints.ExpectingInput;
        switch (index)
        {
            case 0:
                activity.ChannelData = new { gather = new { numDigits = 1 } };
                break;
            case 1:
                activity.SuggestedActions = new SuggestedActions
                {
                    Actions = [new CardAction(ActionTypes.ImBack, "Friends and family", value: "friends"), new CardAction(ActionTypes.ImBack, "Work or volunteering", value: "work")],
                };
                activity.ChannelData = new { gather = new { numDigits = 1, hints = new[] { "family", "volunteering" } } };
                break;
            default:
                activity.ChannelData = new { gather = new { finishOnKey = "#" } };
                break;
        }

        return activity;
    }
}
