using System.Collections.Concurrent;
using System.Globalization;
using System.Runtime.CompilerServices;
using CoProduction.Surveys.Definitions;
using CoProduction.Surveys.Understanding;

namespace CoProduction.Surveys.Engine;

/// <summary>Turns a question into a channel-neutral prompt: its wording for this person plus what answer it expects.</summary>
public static class QuestionPrompts
{
    public static Prompt For(Question question, string language, Channel channel, bool easyRead)
    {
        // Made once per question of a published version, language, channel and easy-read choice: a
        // question is an immutable part of its survey version, kept by the question's identity (a
        // version published again is new questions, and what is no longer used goes with them).
        var made = Made.GetValue(question, static _ => new());
        var key = new PromptKey(language, channel, easyRead);
        if (made.TryGetValue(key, out var kept)) return kept;
        var prompt = Make(question, language, channel, easyRead);
        // A few languages, channels and easy-read: bounded anyway.
        if (made.Count < MaxKeptPerQuestion && made.TryAdd(key, prompt)) Kept.AddOrUpdate(prompt, prompt);
        return prompt;
    }

    /// <summary>Whether <paramref name="prompt"/> is one <see cref="For"/> keeps (then what is made of it can be kept with it).</summary>
    internal static bool IsKept(Prompt prompt) => Kept.TryGetValue(prompt, out _);

    private const int MaxKeptPerQuestion = 32;

    private readonly record struct PromptKey(string Language, Channel Channel, bool EasyRead);

    private static readonly ConditionalWeakTable<Question, ConcurrentDictionary<PromptKey, Prompt>> Made = new();

    private static readonly ConditionalWeakTable<Prompt, Prompt> Kept = new();

    /// <summary>The prompt made afresh, as <see cref="For"/> made it on every turn before.</summary>
    internal static Prompt Make(Question question, string language, Channel channel, bool easyRead)
    {
        var phrases = Phrases.For(language);
        var input = new InputSpec(question.Type)
        {
            Min = question.Min,
            Max = question.Max,
            Optional = question.Optional,
            MaxLength = question.Type == QuestionType.Text ? question.MaxLength : null,
            Choices = Choices(question, language, phrases),
        };
        return new Prompt(PromptKind.Question, question.Wording.Resolve(language, channel, easyRead), language)
        {
            QuestionId = question.Id,
            Input = input,
        };
    }

    private static IReadOnlyList<PromptChoice> Choices(Question question, string language, Phrases phrases) => question.Type switch
    {
        QuestionType.Scale when question is { Min: { } min, Max: { } max } =>
            Enumerable.Range(min, max - min + 1)
                .Select(n => new PromptChoice(
                    n.ToString(CultureInfo.InvariantCulture),
                    question.Labels.TryGetValue(n, out var label)
                        ? $"{n} {label.Get(language)}"
                        : n.ToString(CultureInfo.InvariantCulture)))
                .ToList(),
        QuestionType.YesNo => [new PromptChoice("yes", phrases.Yes), new PromptChoice("no", phrases.No)],
        QuestionType.Choice =>
            question.Options
                .Select((o, i) => new PromptChoice((i + 1).ToString(CultureInfo.InvariantCulture), o.Text.Get(language)))
                .ToList(),
        _ => [],
    };
}
