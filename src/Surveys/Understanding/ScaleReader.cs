using System.Globalization;
using System.Text.RegularExpressions;
using CoProduction.Surveys.Definitions;

namespace CoProduction.Surveys.Understanding;

/// <summary>
/// Reads a whole number in the question's range, for scale and number questions: "4", "four",
/// "4 out of 5", "I'd say a 4", a scale label ("very happy"), Welsh words in Welsh.
/// Anything that could mean two things stays unclear: being asked again costs a person one
/// more text; a wrong number in the results misleads everyone who reads them.
/// </summary>
internal static partial class ScaleReader
{
    public static AnswerResult Read(Question question, string reply, string language)
    {
        var phrases = Phrases.For(language);
        var min = question.Min ?? (question.Type == QuestionType.Scale ? 1 : 0);
        var max = question.Max;
        AnswerResult.Unclear Unclear() =>
            new(max is { } top ? phrases.NumberRange(min, top) : phrases.ANumber);

        if (string.IsNullOrWhiteSpace(reply)) return Unclear();

        var isNumber = question.Type == QuestionType.Number;
        // "twice a week" answers a different question from "how many times last month".
        var words = ReplyText.Words(reply);
        if (isNumber && Frequency().IsMatch(words)) return Unclear();
        // "over 20", "less than 5", "20+": a bound, not the number.
        if (Bound().IsMatch(words) || reply.Contains('+')) return Unclear();

        var values = new HashSet<int>();
        foreach (var mention in NumberReader.Find(reply, language, countWords: isNumber))
        {
            if (mention.Denominator is { } outOf)
            {
                // "4/5" on a 1-5 scale is 4; "14/3" is a date or a sum, and "8/10" on a 1-5 scale
                // is a different scale: neither is a number we can store.
                if (isNumber || max is null || outOf != max.Value || mention.Value != decimal.Truncate(mention.Value))
                    return Unclear();
                values.Add((int)mention.Value);
                continue;
            }
            if (!mention.IsWhole || mention.Value < int.MinValue || mention.Value > int.MaxValue) return Unclear();
            values.Add((int)mention.Value);
        }

        foreach (var label in LabelMatches(question, reply))
        {
            if (label.Negated) return Unclear();
            values.Add(label.Key);
        }

        if (values.Count != 1) return Unclear();
        var value = values.First();
        if (value < min || (max is { } m && value > m)) return Unclear();

        var display = value.ToString(CultureInfo.InvariantCulture);
        if (question.Labels.TryGetValue(value, out var text)) display += $" ({text.Get(language)})";
        return new AnswerResult.Understood(value.ToString(CultureInfo.InvariantCulture), display);
    }

    // A label in any of its languages: a Welsh speaker may still type the English words.
    private static List<PhraseMatcher.Match<int>> LabelMatches(Question question, string reply)
    {
        if (question.Labels.Count == 0) return [];
        var tokens = ReplyText.Tokens(reply);
        var phrases = question.Labels.SelectMany(kv =>
            kv.Value.ByLanguage.Values.Select(t => (kv.Key, ReplyText.Tokens(t))));
        return PhraseMatcher.FindAll(tokens, phrases);
    }

    [GeneratedRegex(@"\b(?:over|under|more than|less than|fewer than|at least|at most|up to|upwards of|nearly|almost|above|below)\b")]
    private static partial Regex Bound();

    [GeneratedRegex(@"\b(?:a|per|each|every|an) (?:day|week|fortnight|month|year)\b|\b(?:daily|weekly|monthly|fortnightly|every)\b")]
    private static partial Regex Frequency();
}
