using System.Globalization;
using System.Text.RegularExpressions;

namespace CoProduction.Surveys.Understanding;

/// <summary>
/// Finds the numbers a person mentioned: digits ("4", "4️⃣"), English words ("four",
/// "twenty one", "a dozen", via the recognizer), Welsh words when answering in Welsh, and
/// fractions ("4/5", "four out of five"), which are kept as fractions so the caller can decide
/// what they mean for its question.
/// </summary>
internal static partial class NumberReader
{
    /// <summary>One number found in a reply. Denominator is set for "a/b" and "a out of b".</summary>
    public readonly record struct Mention(decimal Value, decimal? Denominator)
    {
        public bool IsWhole => Denominator is null && Value == decimal.Truncate(Value);
    }

    // Words the recognizer does not treat as numbers but people use for counts.
    private static readonly Dictionary<string, int> CountWords = new(StringComparer.Ordinal)
    {
        ["none"] = 0, ["nil"] = 0, ["nothing"] = 0, ["nought"] = 0, ["nowt"] = 0, ["zilch"] = 0,
        ["once"] = 1, ["twice"] = 2, ["thrice"] = 3,
    };

    public static List<Mention> Find(string reply, string language, bool countWords)
    {
        // "3ish" is 3: the person is hedging the words, not the number.
        var text = Ish().Replace(ReplyText.Fold(reply), "$1");
        var mentions = new List<Mention>();

        // Plain digits are the commonest reply (and all that a keypad sends): no need for the recognizer.
        var bare = text.Trim().TrimEnd('.', '!', ',');
        if (bare.Length is > 0 and <= 9 && bare.All(char.IsAsciiDigit))
        {
            mentions.Add(new Mention(int.Parse(bare, CultureInfo.InvariantCulture), null));
            return mentions;
        }

        // "n/m" in digits is read here, not by the recognizer, which would turn "4/5" into 0.8.
        var forRecognizer = DigitFraction().Replace(text, m =>
        {
            mentions.Add(new Mention(decimal.Parse(m.Groups["a"].Value, CultureInfo.InvariantCulture),
                decimal.Parse(m.Groups["b"].Value, CultureInfo.InvariantCulture)));
            return new string(' ', m.Length);
        });

        foreach (var result in Recognizers.ParseNumbers(forRecognizer))
        {
            if (result.Resolution is null || !result.Resolution.TryGetValue("subtype", out var subtype)) continue;
            if (Equals(subtype, "fraction"))
            {
                // "four out of five": read each side again to keep the scale's top number.
                var parts = OutOf().Split(result.Text);
                if (parts.Length == 2 && Single(parts[0]) is { } a && Single(parts[1]) is { } b)
                {
                    mentions.Add(new Mention(a, b));
                    continue;
                }
            }
            if (result.Resolution.TryGetValue("value", out var value) &&
                decimal.TryParse(value as string, NumberStyles.Float, CultureInfo.InvariantCulture, out var number))
            {
                mentions.Add(new Mention(number, null));
            }
            else
            {
                // A number we cannot pin down ("half", "1e500"): never guess.
                mentions.Add(new Mention(0.5m, null));
            }
        }

        var tokens = ReplyText.Tokens(text);
        if (string.Equals(language, "cy", StringComparison.OrdinalIgnoreCase))
        {
            tokens = WelshOutOf(tokens, mentions);
            foreach (var m in WelshNumbers.Find(tokens)) mentions.Add(new Mention(m.Key, null));
            // "dim" is "none" but also "not" ("dim yn siwr" = not sure): only alone is it a number.
            if (tokens is ["dim"] or ["dim", "un"]) mentions.Add(new Mention(0, null));
        }

        if (countWords)
        {
            for (var i = 0; i < tokens.Length; i++)
            {
                if (!CountWords.TryGetValue(tokens[i], out var count)) continue;
                // "not once" is none, not one.
                mentions.Add(new Mention(i > 0 && tokens[i - 1] == "not" ? 0 : count, null));
            }
            if (tokens is ["never"] || ContainsPhrase(tokens, "not", "at", "all"))
                mentions.Add(new Mention(0, null));
        }

        return mentions;
    }

    // "4 allan o 5", "wyth allan o ddeg": Welsh for "out of". Digits on either side were already
    // found by the recognizer, so they are taken back out and replaced by the fraction.
    private static string[] WelshOutOf(string[] tokens, List<Mention> mentions)
    {
        var list = tokens.ToList();
        for (var i = 1; i + 2 < list.Count; i++)
        {
            if (list[i] != "allan" || list[i + 1] != "o") continue;
            if (WelshOrDigit(list[i - 1]) is not { } a || WelshOrDigit(list[i + 2]) is not { } b) continue;
            if (list[i - 1].All(char.IsAsciiDigit)) mentions.Remove(new Mention(a, null));
            if (list[i + 2].All(char.IsAsciiDigit)) mentions.Remove(new Mention(b, null));
            mentions.Add(new Mention(a, b));
            list.RemoveRange(i - 1, 4);
            i = 0;
        }
        return list.ToArray();
    }

    private static int? WelshOrDigit(string token)
    {
        if (token.Length <= 6 && token.All(char.IsAsciiDigit)) return int.Parse(token, CultureInfo.InvariantCulture);
        return WelshNumbers.Find([token]) is [var m] ? m.Key : null;
    }

    private static decimal? Single(string text)
    {
        var results = Recognizers.ParseNumbers(text);
        if (results.Count != 1) return null;
        return results[0].Resolution.TryGetValue("value", out var v) &&
               decimal.TryParse(v as string, NumberStyles.Float, CultureInfo.InvariantCulture, out var d)
            ? d
            : null;
    }

    private static bool ContainsPhrase(string[] tokens, params string[] phrase) =>
        PhraseMatcher.FindAll(tokens, [(true, phrase)]).Count > 0;

    [GeneratedRegex(@"(?<![\d.])(?<a>\d+)\s*/\s*(?<b>\d+)(?![\d/])")]
    private static partial Regex DigitFraction();

    [GeneratedRegex(@"(\d)ish\b")]
    private static partial Regex Ish();

    [GeneratedRegex(@"\s*(?:/|\bout of\b)\s*")]
    private static partial Regex OutOf();
}
