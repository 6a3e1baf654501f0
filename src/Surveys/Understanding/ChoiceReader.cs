using CoProduction.Surveys.Definitions;

namespace CoProduction.Surveys.Understanding;

/// <summary>
/// Reads which option a person picked: its number ("2", "2nd", "the second one", "option two"),
/// its words in any language the survey has ("friends and family i think"), one of its synonyms,
/// or its id, a symbol used as an option ("★", "😀"), its place ("the last one"); digits in any
/// script ("٢"). Two different options, or a number with no option, stay unclear.
/// </summary>
internal static class ChoiceReader
{
    private static readonly Dictionary<string, int> Ordinals = new(StringComparer.Ordinal)
    {
        ["first"] = 1, ["1st"] = 1, ["second"] = 2, ["2nd"] = 2, ["third"] = 3, ["3rd"] = 3,
        ["fourth"] = 4, ["4th"] = 4, ["fifth"] = 5, ["5th"] = 5, ["sixth"] = 6, ["6th"] = 6,
        ["seventh"] = 7, ["7th"] = 7, ["eighth"] = 8, ["8th"] = 8, ["ninth"] = 9, ["9th"] = 9,
        ["tenth"] = 10, ["10th"] = 10,
        // Welsh
        ["cyntaf"] = 1, ["ail"] = 2, ["trydydd"] = 3, ["trydedd"] = 3, ["pedwerydd"] = 4, ["pedwaredd"] = 4,
        ["pumed"] = 5, ["chweched"] = 6, ["seithfed"] = 7, ["wythfed"] = 8, ["nawfed"] = 9, ["degfed"] = 10,
    };

    private static readonly Dictionary<string, int> Cardinals = new(StringComparer.Ordinal)
    {
        ["one"] = 1, ["two"] = 2, ["three"] = 3, ["four"] = 4, ["five"] = 5, ["six"] = 6, ["seven"] = 7,
        ["eight"] = 8, ["nine"] = 9, ["ten"] = 10,
    };

    private static readonly Dictionary<string, int> WelshCardinals = new(StringComparer.Ordinal)
    {
        ["un"] = 1, ["dau"] = 2, ["dwy"] = 2, ["ddau"] = 2, ["tri"] = 3, ["tair"] = 3, ["dri"] = 3, ["pedwar"] = 4,
        ["pedair"] = 4, ["bedwar"] = 4, ["pump"] = 5, ["bump"] = 5, ["chwech"] = 6, ["saith"] = 7, ["wyth"] = 8,
        ["naw"] = 9, ["deg"] = 10, ["ddeg"] = 10,
    };

    // Words around a number that do not change which option it is ("option 2 please").
    private static readonly HashSet<string> Filler =
    [
        "the", "a", "an", "one", "number", "no", "num", "option", "choice", "answer", "please", "pls", "plz", "i",
        "think", "id", "say", "want", "pick", "choose", "go", "for", "with", "its", "it", "is", "thanks", "thank",
        "you", "ta", "x", "xx", "xxx", "that", "this", "ill", "take", "my", "would", "be", "guess", "rhif", "dewis",
        "yr", "y", "os", "gwelwch", "yn", "dda", "diolch", "plis", "un", "opsiwn",
    ];

    /// <summary>
    /// Every way to name each option: its id, its text in each language, each synonym, tokenised once
    /// per question (a question lives as long as its survey's catalog; tokenising every name again on
    /// every reply was a third of a turn's allocations).
    /// </summary>
    private static (int Index, string[] Phrase)[] NamesOf(Question question) => Names.GetValue(question, static q =>
        q.Options.SelectMany((option, index) =>
            new[] { option.Id }.Concat(option.Text.ByLanguage.Values).Concat(option.Synonyms)
                .Select(name => (index, ReplyText.Tokens(name)))).ToArray());

    private static readonly System.Runtime.CompilerServices.ConditionalWeakTable<Question, (int, string[])[]> Names = new();

    public static AnswerResult Read(Question question, string reply, string language)
    {
        var options = question.Options;
        var phrases = Phrases.For(language);
        var unclear = new AnswerResult.Unclear(phrases.ChooseOption(options.Count));
        var tokens = ReplyText.Tokens(reply);
        if (tokens.Length == 0 || options.Count == 0) return unclear;

        var matches = PhraseMatcher.FindAll(tokens, NamesOf(question));
        if (matches.Any(m => m.Negated)) return unclear;
        // "★★★★" against options up to "★★★": the reply says more than any option does.
        if (matches.Any(a => matches.Any(b => a.Start < b.Start && b.Start < a.End && a.End < b.End))) return unclear;

        var picked = matches.Select(m => m.Key).ToHashSet();

        // Numbers count only outside the option's own words ("2 days a week" as an option text).
        var covered = new bool[tokens.Length];
        foreach (var m in matches)
            for (var i = m.Start; i < m.End; i++) covered[i] = true;

        var welsh = string.Equals(language, "cy", StringComparison.OrdinalIgnoreCase);
        var rest = tokens.Where((_, i) => !covered[i]).ToArray();
        foreach (var number in Numbers(rest, welsh, options.Count))
        {
            if (number < 1 || number > options.Count) return unclear;
            picked.Add(number - 1);
        }

        if (picked.Count != 1) return unclear;
        // "not 2", "anything except the first": a number said to rule an option out.
        if (picked.Count == 1 && !matches.Any() && tokens.Any(Excluding.Contains)) return unclear;
        var chosen = options[picked.First()];
        return new AnswerResult.Understood(chosen.Id, chosen.Text.Get(language));
    }

    private static readonly HashSet<string> Excluding = ["not", "dont", "except", "never", "without", "apart", "ddim", "nid", "heblaw"];

    // "the last one": the place, said only with filler round it ("last time" is not a choice).
    private static readonly HashSet<string> Last = ["last", "olaf", "bottom"];

    private static IEnumerable<int> Numbers(string[] tokens, bool welsh, int count)
    {
        // A bare number word ("one", "two") is often just a word ("the one about work", "no one"),
        // so it counts only when the rest of the reply is filler around it; digits and ordinals
        // ("2", "2nd", "second") always count.
        var onlyFiller = tokens.Count(t => !Filler.Contains(t) && !IsCardinal(t, welsh) && !Last.Contains(t)) == 0;
        for (var i = 0; i < tokens.Length; i++)
        {
            var token = tokens[i];
            if (token.All(char.IsAsciiDigit) && token.Length <= 3) yield return int.Parse(token, System.Globalization.CultureInfo.InvariantCulture);
            else if (Ordinals.TryGetValue(token, out var ordinal) && i + 1 < tokens.Length && Last.Contains(tokens[i + 1]))
            {
                // "second last": counted from the end.
                yield return count - ordinal + 1;
                i++;
            }
            else if (tokens.Skip(i).Take(3).SequenceEqual(["last", "but", "one"]))
            {
                yield return count - 1;
                i += 2;
            }
            else if (Ordinals.TryGetValue(token, out ordinal)) yield return ordinal;
            else if (Last.Contains(token) && onlyFiller) yield return count;
            else if (IsCardinal(token, welsh) && onlyFiller && !AfterOrdinal(tokens, i)) yield return CardinalValue(token, welsh);
        }
    }

    // "the second one", "no one": the "one" is a pronoun, not a number.
    private static bool AfterOrdinal(string[] tokens, int i) =>
        tokens[i] is "one" or "un" && i > 0 && (Ordinals.ContainsKey(tokens[i - 1]) || Last.Contains(tokens[i - 1]) || tokens[i - 1] is "the" or "this" or "that" or "no" or "yr" or "y");

    private static bool IsCardinal(string token, bool welsh) =>
        Cardinals.ContainsKey(token) || (welsh && WelshCardinals.ContainsKey(token));

    private static int CardinalValue(string token, bool welsh) =>
        Cardinals.TryGetValue(token, out var v) ? v : WelshCardinals[token];
}
