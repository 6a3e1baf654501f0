using CoProduction.Surveys.Definitions;
using CoProduction.Surveys.Engine;
using CoProduction.Surveys.Rendering;
using CoProduction.Surveys.Understanding;
using Microsoft.Bot.Builder;
using Microsoft.Bot.Schema;
using Newtonsoft.Json;

namespace CoProduction.Bot.Conversations;

/// <summary>
/// Turns the engine's channel-neutral prompts into Bot Framework activities for one channel.
/// SMS gets finished texts (a basic phone has no buttons); web gets the text plus the choices
/// as suggested actions, which Web Chat draws as buttons; voice gets the spoken wording, the
/// choices (read out as "press 1 for ...") and how to listen, in the voice adapter's gather
/// convention.
/// </summary>
public static class ChannelReplies
{
    public static IReadOnlyList<Activity> For(Channel channel, IReadOnlyList<Prompt> prompts, bool slowPace = false) => channel switch
    {
        Channel.Sms => Texts(SmsRenderer.Render(prompts)),
        Channel.Voice => prompts.Select(p => Spoken(p, slowPace)).ToList(),
        _ => prompts.Select(WithChoices).ToList(),
    };

    /// <summary>Each text as a plain message, in a list of its final size (every SMS turn comes here).</summary>
    private static List<Activity> Texts(IReadOnlyList<string> texts)
    {
        var activities = new List<Activity>(texts.Count);
        for (var i = 0; i < texts.Count; i++) activities.Add((Activity)MessageFactory.Text(texts[i]));
        return activities;
    }

    private static Activity WithChoices(Prompt prompt)
    {
        var activity = (Activity)MessageFactory.Text(prompt.Text);
        activity.Locale = prompt.Language;
        if (prompt.Input is { } input)
        {
            // An optional question gets a Skip button, so nobody has to know the word.
            var choices = input.Optional
                ? [.. input.Choices, new PromptChoice("skip", Phrases.For(prompt.Language).SkipLabel)]
                : input.Choices;
            if (choices.Count > 0) activity.SuggestedActions = Actions(choices);
        }
        activity.InputHint = prompt.Kind == PromptKind.Question ? InputHints.ExpectingInput : InputHints.AcceptingInput;
        return activity;
    }

    private static Activity Spoken(Prompt prompt, bool slowPace)
    {
        var voice = VoiceRenderer.Render(prompt);
        var activity = (Activity)MessageFactory.Text(voice.Text);
        activity.Locale = prompt.Language;
        if (voice.Choices.Count > 0) activity.SuggestedActions = Actions(voice.Choices);
        if (voice.ExpectsInput)
        {
            activity.InputHint = InputHints.ExpectingInput;
            activity.ChannelData = new
            {
                gather = new
                {
                    numDigits = voice.NumDigits,
                    finishOnKey = voice.FinishOnKey,
                    keys = voice.Keys,
                    readChoices = voice.ReadChoices,
                    hints = voice.Hints,
                    slowPace,
                },
            };
        }
        else
        {
            activity.InputHint = InputHints.AcceptingInput;
        }
        return activity;
    }

    private static SuggestedActions Actions(IEnumerable<PromptChoice> choices) => new()
    {
        Actions = choices.Select(c => new CardAction(ActionTypes.ImBack, title: c.Label, value: c.Reply)).ToList(),
    };

    /// <summary>
    /// The replies as kept with the inbound message id, so a retried webhook gets exactly the same
    /// answer (a call's retried request must still listen for the same keys). A text and nothing
    /// else (every SMS reply) is kept as its text, which <see cref="Deserialize"/> reads back as the
    /// same activity: serialising a whole Activity on every turn was most of the turn's JSON work.
    /// </summary>
    public static IReadOnlyList<string> Serialize(IEnumerable<Activity> activities)
    {
        if (activities is IReadOnlyList<Activity> list)
        {
            // By index, into a list of its final size: every turn keeps its replies this way.
            var kept = new List<string>(list.Count);
            for (var i = 0; i < list.Count; i++) kept.Add(Stored(list[i]));
            return kept;
        }
        var stored = new List<string>();
        foreach (var a in activities) stored.Add(Stored(a));
        return stored;
    }

    private static string Stored(Activity a) => IsPlainText(a) ? a.Text : JsonConvert.SerializeObject(a, Settings);

    /// <summary>What <c>MessageFactory.Text(text)</c> makes, with text that cannot be mistaken for JSON.</summary>
    private static bool IsPlainText(Activity a) =>
        a.Type == ActivityTypes.Message && a.Text is { Length: > 0 } text && text[0] != '{'
        && a.InputHint == InputHints.AcceptingInput
        && a.Locale is null && a.Speak is null && a.TextFormat is null && a.SuggestedActions is null
        && a.ChannelData is null && a.Value is null && a.Name is null && a.Id is null
        && a.Attachments is not { Count: > 0 } && a.Entities is not { Count: > 0 } && a.Properties is not { Count: > 0 };

    public static IReadOnlyList<Activity> Deserialize(IEnumerable<string> stored) =>
        stored.Select(s => s.StartsWith('{') ? JsonConvert.DeserializeObject<Activity>(s, Settings)! : (Activity)MessageFactory.Text(s)).ToList();

    private static readonly JsonSerializerSettings Settings = new() { NullValueHandling = NullValueHandling.Ignore };
}
