using System.Globalization;
using CoProduction.Surveys.Definitions;
using CoProduction.Surveys.Engine;
using CoProduction.Surveys.Understanding;

namespace CoProduction.Surveys.Rendering;

/// <summary>
/// Renders prompts for a phone call. The question's own (voice) wording is said first, then one
/// short spoken instruction that fits the answer type: a keypad range for a scale, "key in the
/// number then hash" for a number, choices read out by the channel, speech for free text.
/// </summary>
public static class VoiceRenderer
{
    public static VoicePrompt Render(Prompt prompt)
    {
        if (prompt.Kind != PromptKind.Question || prompt.Input is not { } input)
        {
            return new VoicePrompt(prompt.Text, []);
        }

        var phrases = Phrases.For(prompt.Language);
        var skip = input.Optional && !(input.Type is QuestionType.Number or QuestionType.Scale && (input.Min ?? 0) <= 0)
            ? " " + phrases.PressZeroToSkip
            : "";

        switch (input.Type)
        {
            case QuestionType.Scale when input is { Min: { } min, Max: { } max }:
            {
                string? Label(int n) => input.Choices.FirstOrDefault(c => c.Reply == n.ToString(CultureInfo.InvariantCulture)) is { } c
                    && c.Label.StartsWith(c.Reply + " ", StringComparison.Ordinal) ? c.Label[(c.Reply.Length + 1)..] : null;
                return new VoicePrompt($"{prompt.Text} {phrases.PressRange(min, max, Label(min), Label(max))}{skip}", [])
                {
                    ExpectsInput = true,
                    // One key is enough when every point is a single digit; "10" needs the hash key.
                    NumDigits = max <= 9 ? 1 : null,
                    FinishOnKey = max <= 9 ? "" : "#",
                    Hints = input.Choices.Select(c => c.Label).ToList(),
                };
            }
            case QuestionType.Number:
                return new VoicePrompt($"{prompt.Text} {phrases.KeyNumber}{skip}", []) { ExpectsInput = true, FinishOnKey = "#" };
            case QuestionType.Date:
                return new VoicePrompt($"{prompt.Text} {phrases.SayDate}{skip}", []) { ExpectsInput = true, FinishOnKey = "#" };
            case QuestionType.Text:
                return new VoicePrompt($"{prompt.Text} {phrases.SayAnswer}{skip}", []) { ExpectsInput = true, Keys = input.Optional };
            default:
                return new VoicePrompt(prompt.Text + skip, input.Choices)
                {
                    ExpectsInput = true,
                    ReadChoices = input.ReadChoicesAloud,
                    NumDigits = input.Choices.Count <= 9 ? 1 : null,
                    Hints = input.Choices.Select(c => c.Label).ToList(),
                };
        }
    }
}
