namespace CoProduction.Surveys.Review;

/// <summary>
/// Counts English syllables by vowel groups, with the usual corrections (a silent final e,
/// "-le" and "-ed" endings). Readability formulas were calibrated by hand counts, and this
/// heuristic matches them on the texts their authors published (see the tests).
/// </summary>
public static class Syllables
{
    public static int Count(string word)
    {
        var w = new string(word.ToLowerInvariant().Where(char.IsLetter).ToArray());
        if (w.Length == 0) return 0;
        if (w.Length <= 3) return 1;

        var count = 0;
        var inVowel = false;
        for (var i = 0; i < w.Length; i++)
        {
            var vowel = IsVowel(w, i);
            if (vowel && !inVowel) count++;
            inVowel = vowel;
        }

        // A final e is silent ("make", "creature") unless it closes "-le" after a consonant ("table").
        if (w.EndsWith('e') && !w.EndsWith("ee", StringComparison.Ordinal) && !w.EndsWith("ye", StringComparison.Ordinal) &&
            !(w.EndsWith("le", StringComparison.Ordinal) && w.Length > 2 && !IsVowel(w, w.Length - 3)))
        {
            count--;
        }
        // "-ed" is silent except after t or d ("wanted", "needed"), e.g. "lived", "helped".
        else if (w.EndsWith("ed", StringComparison.Ordinal) && w.Length > 3 && w[^3] is not ('t' or 'd') && !IsVowel(w, w.Length - 3))
        {
            count--;
        }
        // "-es" is silent after most consonants ("makes", "homes") but not after s, x, z, ch, sh, ce, ge.
        else if (w.EndsWith("es", StringComparison.Ordinal) && w.Length > 3 && !IsVowel(w, w.Length - 3) && w[^3] is not ('s' or 'x' or 'z' or 'c' or 'g')
                 && !w.EndsWith("ches", StringComparison.Ordinal) && !w.EndsWith("shes", StringComparison.Ordinal))
        {
            count--;
        }
        return Math.Max(1, count);
    }

    private static bool IsVowel(string w, int i) => w[i] switch
    {
        'a' or 'e' or 'i' or 'o' or 'u' => true,
        // y is a vowel except at the start of a word ("yes", "you").
        'y' => i > 0,
        _ => false,
    };
}
