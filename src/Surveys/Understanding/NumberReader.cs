using System.Globalization;
using System.Text.RegularExpressions;

namespace CoProduction.Surveys.Understanding;

/// <summary>
/// Finds the numbers a person mentioned: digits of any script ("4", "٤", "৪", "४", "4️⃣"),
/// written with thousands separators and decimal points as people write them in the UK
/// ("1,000", "2.5"), with a unit or inside a sentence ("5kg", "I saw her 6 times"), English
/// words ("four", "twenty one", "a dozen"), Welsh words when answering in
/// Welsh, and fractions ("4/5", "four out of five"), kept as fractions so the caller can decide
/// what they mean for its question. Anything that could be read two ways ("1,5", "2.500", "3:30")
/// is found as <see cref="Mention.Ambiguous"/>, so the caller never guesses.
/// </summary>
internal static partial class NumberReader
{
    public enum Kind
    {
        /// <summary>Digits or number words.</summary>
        Written,
        /// <summary>"a/b", "a out of b".</summary>
        Fraction,
        /// <summary>A word that says there was nothing ("none", "never"): 0, but worth confirming.</summary>
        Nothing,
        /// <summary>Something a person could mean two ways: it is never stored.</summary>
        Ambiguous,
        /// <summary>"3rd": an order, not an amount.</summary>
        Ordinal,
    }

    /// <summary>One number found in a reply. Denominator is set for fractions.</summary>
    public readonly record struct Mention(decimal Value, decimal? Denominator, Kind Kind = Kind.Written)
    {
        public bool IsWhole => Denominator is null && Value == decimal.Truncate(Value);
        public static Mention Ambiguous => new(0, null, Kind.Ambiguous);
    }

    // Words the recognizer does not treat as numbers but people use for counts.
    private static readonly Dictionary<string, int> CountWords = new(StringComparer.Ordinal)
    {
        ["once"] = 1, ["twice"] = 2, ["thrice"] = 3,
    };

    // "I had none": a real answer, but also how people say "not applicable" or "nothing to say",
    // so it is read back ("Did you mean 0?") rather than stored silently.
    private static readonly HashSet<string> NothingWords = ["none", "nil", "nothing", "nowt", "zilch", "zip", "nada"];

    public static List<Mention> Find(string reply, string language, bool countWords)
    {
        // "3ish" is 3: the person is hedging the words, not the number.
        var text = Ish().Replace(ReplyText.Fold(reply), "$1");
        var mentions = new List<Mention>();

        // Plain digits are the commonest reply (and all that a keypad sends).
        var bare = text.Trim().TrimEnd('.', '!', ',');
        if (bare.Length is > 0 and <= 9 && bare.All(char.IsAsciiDigit))
        {
            mentions.Add(new Mention(int.Parse(bare, CultureInfo.InvariantCulture), null));
            return mentions;
        }

        // "3½", "2¾", "10²": a number with a fraction or power sign is not the whole number before it.
        if (text.Any(c => char.GetUnicodeCategory(c) == UnicodeCategory.OtherNumber)) mentions.Add(Mention.Ambiguous);

        // "n/m" and "n out of m" in digits are read here, not by the recognizer, which would turn "4/5" into 0.8.
        text = DigitFraction().Replace(text, m =>
        {
            if (Digits(m.Groups["a"].Value) is { } a && Digits(m.Groups["b"].Value) is { } b)
                mentions.Add(new Mention(a, b, Kind.Fraction));
            else mentions.Add(Mention.Ambiguous);
            return new string(' ', m.Length);
        });
        // "3:30", "10:15": a time, not an amount.
        text = Time().Replace(text, m =>
        {
            mentions.Add(Mention.Ambiguous);
            return new string(' ', m.Length);
        });
        text = DigitRuns().Replace(text, m =>
        {
            if (m.Groups["lead"].Success || m.Groups["multiple"].Success) mentions.Add(Mention.Ambiguous);
            else foreach (var mention in ReadRun(m.Value, m.Groups["sign"].Success, m.Groups["suffix"].Value)) mentions.Add(mention);
            return new string(' ', m.Length);
        });

        var tokens = ReplyText.Tokens(text);
        mentions.AddRange(EnglishNumbers.Find(tokens));

        if (string.Equals(language, "cy", StringComparison.OrdinalIgnoreCase))
        {
            tokens = WelshOutOf(tokens, mentions);
            // "dim" is "none" but also "not" ("dim yn siwr" = not sure): only alone is it a number.
            // "dim un" is "not one", none.
            if (tokens is ["dim"] or ["dim", "un"]) mentions.Add(new Mention(0, null, Kind.Nothing));
            else foreach (var m in WelshNumbers.Find(tokens)) mentions.Add(new Mention(m.Key, null));
        }

        if (countWords)
        {
            for (var i = 0; i < tokens.Length; i++)
            {
                if (NothingWords.Contains(tokens[i])) { mentions.Add(new Mention(0, null, Kind.Nothing)); continue; }
                if (!CountWords.TryGetValue(tokens[i], out var count)) continue;
                // "not once" is none, not one.
                mentions.Add(i > 0 && tokens[i - 1] == "not" ? new Mention(0, null, Kind.Nothing) : new Mention(count, null));
            }
            if (tokens is ["never"] || ContainsPhrase(tokens, "not", "at", "all") || ContainsPhrase(tokens, "not", "any"))
                mentions.Add(new Mention(0, null, Kind.Nothing));
        }

        return mentions;
    }

    /// <summary>
    /// One run of digits and separators, read the way people in the UK write numbers: "1,000" and
    /// "1,000,000" (comma thousands), "2.5" (decimal point), "10 000" with a thin or no-break space.
    /// Continental forms ("1,5", "2.500", "1.234,5") could mean either, so they are ambiguous; a
    /// list ("1,2,3") is several numbers.
    /// </summary>
    private static IEnumerable<Mention> ReadRun(string run, bool negative, string suffix)
    {
        var body = run.TrimStart('-').TrimEnd(Suffix);
        var groups = Separators().Split(body);
        var separators = Separators().Matches(body).Select(m => m.Value[0]).ToArray();
        if (separators.Length == 0)
        {
            if (Digits(body) is not { } whole) return [Mention.Ambiguous];
            var kind = suffix is "st" or "nd" or "rd" or "th" ? Kind.Ordinal : Kind.Written;
            return [new Mention(negative ? -whole : whole, null, kind)];
        }
        var allThree = groups.Skip(1).All(g => g.Length == 3) && groups[0].Length <= 3;
        if (separators.All(s => s == ',') && allThree) return [Signed(Join(groups), negative)];
        if (separators.All(s => s == '\u2009') && allThree) return [Signed(Join(groups), negative)];
        if (separators.All(s => s == '.') && separators.Length > 1 && allThree) return [Signed(Join(groups), negative)];
        if (separators is ['.'])
        {
            // "2.5" is two and a half; "2.500" is that or 2500 (the continental thousands point).
            if (groups[1].Length == 3 && groups[0].Length <= 3 && groups[0] != "0") return [Mention.Ambiguous];
            return [Signed(Decimal(groups[0], groups[1]), negative)];
        }
        // "1,234.5": comma thousands then a decimal point.
        if (separators[^1] == '.' && separators[..^1].All(s => s == ',') &&
            groups[1..^1].All(g => g.Length == 3) && groups[0].Length <= 3)
            return [Signed(Decimal(Join(groups[..^1]), groups[^1]), negative)];
        if (separators.All(s => s == ','))
        {
            // "1,5" is one and a half to much of Europe and "1 or 5" to others.
            if (separators.Length == 1) return [Mention.Ambiguous];
            return groups.Select(g => Digits(g) is { } d ? new Mention(d, null) : Mention.Ambiguous);
        }
        if (separators.All(s => s == '\u2009')) return groups.Select(g => Digits(g) is { } d ? new Mention(d, null) : Mention.Ambiguous);
        return [Mention.Ambiguous];
    }

    private static readonly char[] Suffix = ['s', 't', 'n', 'd', 'r', 'h'];

    private static Mention Signed(string? digits, bool negative) =>
        digits is not null && decimal.TryParse(digits, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var d)
            ? new Mention(negative ? -d : d, null)
            : Mention.Ambiguous;

    private static string Join(string[] groups) => string.Concat(groups);

    private static string Decimal(string whole, string fraction) => $"{whole}.{fraction}";

    // More than 15 digits is not a count anyone means (and would lose precision): never guess.
    private static decimal? Digits(string digits) =>
        digits.Length is > 0 and <= 15 && digits.All(char.IsAsciiDigit) ? decimal.Parse(digits, CultureInfo.InvariantCulture) : null;

    // "4 allan o 5", "wyth allan o ddeg": Welsh for "out of". Digits on either side were already
    // found, so they are taken back out and replaced by the fraction.
    private static string[] WelshOutOf(string[] tokens, List<Mention> mentions)
    {
        var list = tokens.ToList();
        for (var i = 1; i + 2 < list.Count; i++)
        {
            if (list[i] != "allan" || list[i + 1] != "o") continue;
            if (WelshNumbers.Find([list[i - 1]]) is not [var a] || WelshNumbers.Find([list[i + 2]]) is not [var b]) continue;
            mentions.Add(new Mention(a.Key, b.Key, Kind.Fraction));
            list.RemoveRange(i - 1, 4);
            i = 0;
        }
        return list.ToArray();
    }

    private static bool ContainsPhrase(string[] tokens, params string[] phrase) =>
        PhraseMatcher.FindAll(tokens, [(true, phrase)]).Count > 0;

    // Digit fractions, also in Welsh ("4 allan o 5"): the digits on both sides are whole numbers.
    [GeneratedRegex(@"(?<![\d.,])(?<a>\d{1,9})\s*(?:/|\bout of\b|\ballan o\b)\s*(?<b>\d{1,9})(?![\d/])")]
    private static partial Regex DigitFraction();

    [GeneratedRegex(@"(?<!\d)\d{1,2}[:h]\d{2}(?!\d)")]
    private static partial Regex Time();

    // A run of digits with the separators people put inside numbers; a sign only at the start of a word.
    // ".5" may be half or a slip: a leading point makes the run ambiguous.
    // "12k", "2m", "3bn": a multiple people mean in different ways (and "5k" may be a run), so ambiguous.
    [GeneratedRegex(@"(?<lead>(?<!\d)[.,])?(?<sign>(?<![\w.,])-)?\d+(?:[,.\u2009]\d+)*(?:(?<suffix>st|nd|rd|th)|(?<multiple>k|m|bn)(?![a-z]))?")]
    private static partial Regex DigitRuns();

    [GeneratedRegex(@"[,.\u2009]")]
    private static partial Regex Separators();

    [GeneratedRegex(@"(\d)ish\b")]
    private static partial Regex Ish();

}
