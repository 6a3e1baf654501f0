namespace CoProduction.Surveys.Understanding;

/// <summary>
/// Finds whole-word phrases in a tokenised reply. Whole words matter: "work" must not be found
/// in "homework", nor "happy" in "unhappy". When one match lies inside a longer one ("happy"
/// inside "very happy") only the longer counts, so a label or option that extends another wins.
/// </summary>
internal static class PhraseMatcher
{
    /// <summary>A phrase found at tokens [Start, Start + Length).</summary>
    public readonly record struct Match<T>(T Key, int Start, int Length, bool Negated)
    {
        public int End => Start + Length;
    }

    private static readonly HashSet<string> Negators = ["not", "no", "nt", "isnt", "arent", "dont", "never", "dim", "nid"];

    /// <param name="tokens">The reply's tokens (<see cref="ReplyText.Tokens"/>).</param>
    /// <param name="phrases">Each phrase already tokenised, with the key it stands for.</param>
    public static List<Match<T>> FindAll<T>(string[] tokens, IEnumerable<(T Key, string[] Phrase)> phrases)
    {
        var found = new List<Match<T>>();
        if (tokens.Length == 0) return found;
        // Most phrases share no word with a reply: skip them without scanning it. A short reply
        // (most are a word or two) is looked through as it is; a long one through a set.
        var words = tokens.Length > 8 ? new HashSet<string>(tokens, StringComparer.Ordinal) : null;
        if (phrases is (T, string[])[] array)
        {
            foreach (var (key, phrase) in array) Find(tokens, words, key, phrase, found);
        }
        else
        {
            foreach (var (key, phrase) in phrases) Find(tokens, words, key, phrase, found);
        }
        return Longest(found);
    }

    private static void Find<T>(string[] tokens, HashSet<string>? words, T key, string[] phrase, List<Match<T>> found)
    {
        if (phrase.Length == 0 || !(words?.Contains(phrase[0]) ?? Array.IndexOf(tokens, phrase[0]) >= 0)) return;
        for (var i = 0; i + phrase.Length <= tokens.Length; i++)
        {
            if (!SameAt(tokens, i, phrase)) continue;
            // "not very happy" or "not friends" must not read as the label or option.
            var negated = i > 0 && Negators.Contains(tokens[i - 1]);
            found.Add(new Match<T>(key, i, phrase.Length, negated));
        }
    }

    /// <summary>The matches that no longer match covers; the same list when none is covered (the common case).</summary>
    private static List<Match<T>> Longest<T>(List<Match<T>> found)
    {
        List<Match<T>>? kept = null;
        for (var i = 0; i < found.Count; i++)
        {
            if (Covered(found, found[i]))
            {
                kept ??= found.GetRange(0, i);
            }
            else
            {
                kept?.Add(found[i]);
            }
        }
        return kept ?? found;
    }

    private static bool Covered<T>(List<Match<T>> found, Match<T> m)
    {
        foreach (var o in found)
        {
            if (o.Length > m.Length && o.Start <= m.Start && o.End >= m.End) return true;
        }
        return false;
    }

    private static bool SameAt(string[] tokens, int at, string[] phrase)
    {
        for (var j = 0; j < phrase.Length; j++)
            if (!string.Equals(tokens[at + j], phrase[j], StringComparison.Ordinal)) return false;
        return true;
    }
}
