namespace CoProduction.Surveys.Understanding;

/// <summary>
/// English number words as people text them: "four", "twenty one", "twenty-one", "a hundred and
/// five", "two thousand", "a dozen", "half a dozen", "two point five", and "four out of five".
/// Read here rather than by Microsoft.Recognizers, whose number model costs a millisecond or more
/// per text message; this costs a walk over the words. Vague amounts ("hundreds", "half") are
/// found as ambiguous so they are never stored.
/// </summary>
internal static class EnglishNumbers
{
    private static readonly Dictionary<string, int> Units = new(StringComparer.Ordinal)
    {
        ["zero"] = 0, ["nought"] = 0, ["one"] = 1, ["two"] = 2, ["three"] = 3, ["four"] = 4, ["five"] = 5, ["six"] = 6,
        ["seven"] = 7, ["eight"] = 8, ["nine"] = 9, ["ten"] = 10, ["eleven"] = 11, ["twelve"] = 12, ["thirteen"] = 13,
        ["fourteen"] = 14, ["fifteen"] = 15, ["sixteen"] = 16, ["seventeen"] = 17, ["eighteen"] = 18, ["nineteen"] = 19,
    };

    private static readonly Dictionary<string, int> Tens = new(StringComparer.Ordinal)
    {
        ["twenty"] = 20, ["thirty"] = 30, ["forty"] = 40, ["fourty"] = 40, ["fifty"] = 50, ["sixty"] = 60,
        ["seventy"] = 70, ["eighty"] = 80, ["ninety"] = 90,
    };

    private static readonly Dictionary<string, int> Scales = new(StringComparer.Ordinal)
    {
        ["hundred"] = 100, ["thousand"] = 1000, ["million"] = 1_000_000,
    };

    // Amounts nobody can store: "hundreds of times", "half", "a quarter".
    private static readonly HashSet<string> Vague =
        ["half", "halves", "quarter", "quarters", "dozens", "hundreds", "thousands", "millions", "tens", "twenties", "scores"];

    /// <summary>Every number said in words, with fractions ("four out of five") kept as fractions.</summary>
    public static List<NumberReader.Mention> Find(string[] tokens)
    {
        var found = new List<NumberReader.Mention>();
        for (var i = 0; i < tokens.Length;)
        {
            if (Vague.Contains(tokens[i]))
            {
                found.Add(NumberReader.Mention.Ambiguous);
                // "half a dozen" is six, said as one amount.
                if (tokens[i] == "half" && At(tokens, i + 1, "a", "dozen")) { found[^1] = new(6, null); i += 3; continue; }
                i++;
                continue;
            }
            if (Parse(tokens, i) is not var (value, next))
            {
                // "2 dozen", "1 million", "5 grand": digits and a multiplier word, read neither way.
                if (Scales.ContainsKey(tokens[i]) || tokens[i] is "dozen" or "grand" or "k") found.Add(NumberReader.Mention.Ambiguous);
                i++;
                continue;
            }
            if (At(tokens, next, "out", "of") && Parse(tokens, next + 2) is var (of, after))
            {
                found.Add(new NumberReader.Mention(value, of, NumberReader.Kind.Fraction));
                i = after;
                continue;
            }
            if (At(tokens, next, "outta") && Parse(tokens, next + 1) is var (of2, after2))
            {
                found.Add(new NumberReader.Mention(value, of2, NumberReader.Kind.Fraction));
                i = after2;
                continue;
            }
            found.Add(new NumberReader.Mention(value, null));
            i = next;
        }
        return found;
    }

    /// <summary>One number starting at <paramref name="start"/>, and the index after it; null when none starts there.</summary>
    private static (decimal Value, int Next)? Parse(string[] tokens, int start)
    {
        long total = 0, current = 0;
        var any = false;
        var lastWasScale = false;
        var j = start;
        while (j < tokens.Length)
        {
            var t = tokens[j];
            if (t is "a" or "an" && j + 1 < tokens.Length && (Scales.ContainsKey(tokens[j + 1]) || tokens[j + 1] == "dozen") && !any)
            {
                current = 1;
                any = true;
                j++;
                continue;
            }
            if (Units.TryGetValue(t, out var unit))
            {
                // "twenty one" is 21; "one two" is two numbers.
                if (any && !lastWasScale && !(current % 100 >= 20 && current % 10 == 0 && unit < 10)) break;
                current += unit;
            }
            else if (Tens.TryGetValue(t, out var tens))
            {
                if (any && !lastWasScale) break;
                current += tens;
            }
            else if (t == "hundred" && any && current is > 0 and < 100 && !lastWasScale)
            {
                current *= 100;
                lastWasScale = true;
                j++;
                continue;
            }
            else if (Scales.TryGetValue(t, out var scale) && scale >= 1000 && any && current > 0)
            {
                total += current * scale;
                current = 0;
                lastWasScale = true;
                j++;
                continue;
            }
            else if (t == "dozen" && any && !lastWasScale && current is > 0 and < 100)
            {
                current *= 12;
                j++;
                break;
            }
            else if (t == "and" && lastWasScale && j + 1 < tokens.Length && (Units.ContainsKey(tokens[j + 1]) || Tens.ContainsKey(tokens[j + 1])))
            {
                // "a hundred and five": "and" joins only after hundred or thousand.
                j++;
                continue;
            }
            else
            {
                break;
            }
            any = true;
            lastWasScale = false;
            j++;
        }
        if (!any) return null;
        decimal value = total + current;
        // "two point five": the digits after "point" are read one by one.
        if (At(tokens, j, "point") && j + 1 < tokens.Length && Units.TryGetValue(tokens[j + 1], out var first) && first < 10)
        {
            var digits = "";
            j++;
            while (j < tokens.Length && Units.TryGetValue(tokens[j], out var d) && d < 10) { digits += d; j++; }
            value = decimal.Parse($"{total + current}.{digits}", System.Globalization.CultureInfo.InvariantCulture);
        }
        return (value, j);
    }

    private static bool At(string[] tokens, int at, params string[] words)
    {
        if (at + words.Length > tokens.Length) return false;
        for (var k = 0; k < words.Length; k++)
            if (tokens[at + k] != words[k]) return false;
        return true;
    }
}
