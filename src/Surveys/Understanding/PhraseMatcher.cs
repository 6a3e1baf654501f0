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
        // Most phrases share no word with a reply: skip them without scanning it.
        var words = new HashSet<string>(tokens, StringComparer.Ordinal);
        foreach (var (key, phrase) in phrases)
        {
            if (phrase.Length == 0 || !words.Contains(phrase[0])) continue;
            for (var i = 0; i + phrase.Length <= tokens.Length; i++)
            {
                if (!SameAt(tokens, i, phrase)) continue;
                // "not very happy" or "not friends" must not read as the label or option.
                var negated = i > 0 && Negators.Contains(tokens[i - 1]);
                found.Add(new Match<T>(key, i, phrase.Length, negated));
            }
        }
        return found
            .Where(m => !found.Any(o => o.Length > m.Length && o.Start <= m.Start && o.End >= m.End))
            .ToList();
    }

    private static bool SameAt(string[] tokens, int at, string[] phrase)
    {
        for (var j = 0; j < phrase.Length; j++)
            if (!string.Equals(tokens[at + j], phrase[j], StringComparison.Ordinal)) return false;
        return true;
    }
}
