using System.Globalization;
using System.Text.RegularExpressions;
using CoProduction.Surveys.Definitions;

namespace CoProduction.Surveys.Understanding;

/// <summary>
/// Reads a number in the question's range, for scale and number questions: "4", "٤", "four",
/// "4 out of 5", "I'd say a 4", a scale label ("very happy"), Welsh words in Welsh; whole unless a
/// number question allows <see cref="Question.Decimals"/>. "None" or "never" alone is checked
/// ("Did you mean 0?") rather than stored.
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
        // "not 3", "it wasnt four": a number ruled out is not the answer.
        if (Negated().IsMatch(words)) return Unclear();

        var decimals = isNumber ? question.Decimals : 0;
        var values = new HashSet<decimal>();
        var nothing = false;
        foreach (var mention in NumberReader.Find(reply, language, countWords: isNumber))
        {
            switch (mention.Kind)
            {
                case NumberReader.Kind.Ambiguous or NumberReader.Kind.Ordinal:
                    return Unclear();
                case NumberReader.Kind.Fraction:
                    // "4/5" on a 1-5 scale is 4; "14/3" is a date or a sum, and "8/10" on a 1-5 scale
                    // is a different scale: neither is a number we can store.
                    if (isNumber || max is null || mention.Denominator != max.Value || !IsWhole(mention.Value))
                        return Unclear();
                    values.Add(mention.Value);
                    continue;
                case NumberReader.Kind.Nothing:
                    nothing = true;
                    values.Add(0);
                    continue;
            }
            // More decimal places than the question allows: rounding would store a number the person did not send.
            if (Places(mention.Value) > decimals) return Unclear();
            values.Add(mention.Value);
        }

        foreach (var label in LabelMatches(question, reply))
        {
            if (label.Negated) return Unclear();
            values.Add(label.Key);
        }

        if (values.Count != 1) return Unclear();
        var value = values.First();
        if (value < min || (max is { } m && value > m)) return Unclear();

        var stored = Format(value);
        var display = stored;
        if (IsWhole(value) && question.Labels.TryGetValue((int)value, out var text)) display += $" ({text.Get(language)})";
        // Only a word for "nothing" said it: the person may mean "not applicable", so ask.
        if (nothing && !HasDigitZero(reply))
            return new AnswerResult.Confirm(stored, display, phrases.DidYouMean(display), phrases.NumberToConfirm);
        return new AnswerResult.Understood(stored, display);
    }

    private static bool HasDigitZero(string reply) => ReplyText.Fold(reply).Contains('0') || ReplyText.Tokens(reply).Any(t => t is "zero" or "nought" or "sero");

    private static bool IsWhole(decimal value) => value == decimal.Truncate(value);

    private static int Places(decimal value) => (int)((decimal.GetBits(value / 1.000000000000000000000000000000000m)[3] >> 16) & 0xFF);

    /// <summary>The stored form: invariant digits, no trailing zeros ("2.50" is stored as "2.5").</summary>
    private static string Format(decimal value) => (value / 1.000000000000000000000000000000000m).ToString(CultureInfo.InvariantCulture);

    // A label in any of its languages: a Welsh speaker may still type the English words.
    private static List<PhraseMatcher.Match<int>> LabelMatches(Question question, string reply)
    {
        if (question.Labels.Count == 0) return [];
        var tokens = ReplyText.Tokens(reply);
        return PhraseMatcher.FindAll(tokens, LabelPhrases.GetValue(question, static q =>
            q.Labels.SelectMany(kv => kv.Value.ByLanguage.Values.Select(t => (kv.Key, ReplyText.Tokens(t)))).ToArray()));
    }

    /// <summary>Each question's labels tokenised once (they were tokenised again for every reply).</summary>
    private static readonly System.Runtime.CompilerServices.ConditionalWeakTable<Question, (int, string[])[]> LabelPhrases = new();

    [GeneratedRegex(@"\b(?:over|under|more than|less than|fewer than|at least|at most|up to|upwards of|nearly|almost|above|below)\b")]
    private static partial Regex Bound();

    [GeneratedRegex(@"\b(?:not|isnt|wasnt|arent|werent|dont|never|except|ddim|nid) (?:(?:a|an|the|even|quite|really|exactly) )?(?:\d|zero|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen|twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety|hundred)")]
    private static partial Regex Negated();

    [GeneratedRegex(@"\b(?:a|per|each|every|an) (?:day|week|fortnight|month|year)\b|\b(?:daily|weekly|monthly|fortnightly|every)\b")]
    private static partial Regex Frequency();
}
