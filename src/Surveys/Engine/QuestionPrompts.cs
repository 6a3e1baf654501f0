using System.Globalization;
using CoProduction.Surveys.Definitions;
using CoProduction.Surveys.Understanding;

namespace CoProduction.Surveys.Engine;

/// <summary>Turns a question into a channel-neutral prompt: its wording for this person plus what answer it expects.</summary>
public static class QuestionPrompts
{
    public static Prompt For(Question question, string language, Channel channel, bool easyRead)
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
