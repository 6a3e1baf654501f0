using System.Globalization;
using CoProduction.Surveys.Definitions;
using CoProduction.Surveys.Engine;
using CoProduction.Surveys.Understanding;

namespace CoProduction.Surveys.Rendering;

/// <summary>
/// Renders channel-neutral prompts as text messages for a basic phone: the question and a short
/// instruction ("Reply 1 to 5"), joined into as few single-segment messages as the wording allows.
/// </summary>
public static class SmsRenderer
{
    public const int SegmentLength = 160;

    public static IReadOnlyList<string> Render(IEnumerable<Prompt> prompts)
    {
        var messages = new List<string>();
        foreach (var prompt in prompts)
        {
            var text = TextOf(prompt);
            if (messages.Count > 0 && $"{messages[^1]}\n{text}" is var joined && Fits(joined))
            {
                messages[^1] = joined; // made once: it was made again to keep
            }
            else
            {
                messages.Add(text);
            }
        }
        return messages;
    }

    /// <summary>
    /// A prompt's text as sent. A question's prompt kept by <see cref="QuestionPrompts.For"/> is the same
    /// object on every turn that asks it: its text is kept with it (made once, as before).
    /// </summary>
    private static string TextOf(Prompt prompt)
    {
        if (Rendered.TryGetValue(prompt, out var kept)) return kept;
        var text = SmsSegments.Plain(RenderOne(prompt));
        if (QuestionPrompts.IsKept(prompt)) Rendered.AddOrUpdate(prompt, text);
        return text;
    }

    private static readonly System.Runtime.CompilerServices.ConditionalWeakTable<Prompt, string> Rendered = new();

    public static string RenderOne(Prompt prompt)
    {
        if (prompt.Kind != PromptKind.Question || prompt.Input is null) return prompt.Text;
        var phrases = Phrases.For(prompt.Language);
        var input = prompt.Input;
        var skip = input.Optional ? $", {phrases.ReplySkip}" : "";

        switch (input.Type)
        {
            case QuestionType.Scale when input is { Min: { } min, Max: { } max }:
            {
                var plain = $"{prompt.Text}\n{phrases.ReplyRange(min, max)}{skip}";
                // Labels help ("1 = Very unhappy") but only while the message stays one segment.
                // The end labels help ("1 = Very unhappy") but only while the message stays one
                // segment, and not when the wording already explains the ends.
                var ends = input.Choices
                    .Where(c => c.Reply == min.ToString(CultureInfo.InvariantCulture) || c.Reply == max.ToString(CultureInfo.InvariantCulture))
                    .Where(c => c.Label != c.Reply && c.Label.StartsWith(c.Reply + " ", StringComparison.Ordinal))
                    .Select(c => (c.Reply, Label: c.Label[(c.Reply.Length + 1)..]))
                    .ToList();
                var explained = ends.Any(e => prompt.Text.Contains(e.Label, StringComparison.OrdinalIgnoreCase));
                if (ends.Count > 0 && !explained)
                {
                    var withLabels = $"{prompt.Text}\n{phrases.ReplyRange(min, max)} ({string.Join(", ", ends.Select(e => $"{e.Reply} = {e.Label}"))}){skip}";
                    if (Fits(withLabels)) return withLabels;
                }
                return plain;
            }
            case QuestionType.YesNo:
                return $"{prompt.Text}\n{phrases.ReplyYesNo}{skip}";
            case QuestionType.Choice:
            {
                var options = string.Join("\n", input.Choices.Select(c => $"{c.Reply} {c.Label}"));
                return $"{prompt.Text}\n{options}\n{phrases.ReplyRange(1, input.Choices.Count)}{skip}";
            }
            case QuestionType.Number:
                return $"{prompt.Text}\n{phrases.ReplyNumber(input.Min, input.Max)}{skip}";
            case QuestionType.Date:
                return $"{prompt.Text}\n{phrases.ReplyDate}{skip}";
            default:
                return input.Optional ? $"{prompt.Text}\n({phrases.ReplySkip.TrimStart()})" : prompt.Text;
        }
    }

    private static bool Fits(string text) => SmsSegments.Count(text) == 1;
}
