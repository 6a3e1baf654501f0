namespace CoProduction.Surveys.Understanding;

/// <summary>
/// One command's patterns from CommandWords.txt, matched against a reply's words: courtesy
/// words before, one pattern, courtesy words after, and nothing else. Matching keeps the set of
/// word positions each pattern could have reached (no backtracking), so no reply, however its
/// words overlap the lists ("thank you", "thank you very much"), takes more than words times
/// pattern length steps.
/// </summary>
internal sealed class WordPatterns(WordPatterns.Element before, WordPatterns.Element after, IReadOnlyList<WordPatterns.Element[]> patterns)
{
    public enum Repeat { Once, Optional, Any, AtLeastOnce }

    /// <summary>One of these phrases (each a run of words), as often as <paramref name="Repeat"/> says.</summary>
    public sealed record Element(string[][] Phrases, Repeat Repeat)
    {
        /// <summary>The phrases by their first word, so a step only tries those that can fit.</summary>
        public IReadOnlyDictionary<string, string[][]> ByFirstWord { get; } =
            Phrases.Where(p => p.Length > 0).GroupBy(p => p[0], StringComparer.Ordinal)
                .ToDictionary(g => g.Key, g => g.ToArray(), StringComparer.Ordinal);
    }

    /// <summary>Every word any pattern (or courtesy) can use: a reply with any other word is no match.</summary>
    private readonly HashSet<string> _vocabulary = new[] { before, after }.Concat(patterns.SelectMany(p => p))
        .SelectMany(e => e.Phrases).SelectMany(p => p).ToHashSet(StringComparer.Ordinal);

    /// <summary>The words of the pattern that matched (courtesy left out), or null when none did.</summary>
    public string[]? Match(string[] words)
    {
        // Most answers hold a word no pattern uses ("4", "bus"): they are settled without matching.
        foreach (var word in words)
        {
            if (!_vocabulary.Contains(word)) return null;
        }
        var starts = Closure(words, 0, before);
        foreach (var pattern in patterns)
        {
            // (where the pattern began, where it has reached)
            var reached = new HashSet<(int Start, int At)>(starts.Count);
            foreach (var start in starts) reached.Add((start, start));
            foreach (var element in pattern)
            {
                reached = Step(words, reached, element);
                if (reached.Count == 0) break;
            }
            foreach (var (start, at) in reached)
            {
                if (Closure(words, at, after).Contains(words.Length)) return words[start..at];
            }
        }
        return null;
    }

    private static HashSet<(int Start, int At)> Step(string[] words, HashSet<(int Start, int At)> from, Element element)
    {
        switch (element.Repeat)
        {
            case Repeat.Once:
                return Advance(words, from, element);
            case Repeat.Optional:
                var optional = Advance(words, from, element);
                optional.UnionWith(from);
                return optional;
            default:
                var all = element.Repeat == Repeat.Any ? new HashSet<(int, int)>(from) : Advance(words, from, element);
                var frontier = new HashSet<(int, int)>(all);
                while (frontier.Count > 0)
                {
                    frontier = Advance(words, frontier, element);
                    frontier.ExceptWith(all);
                    all.UnionWith(frontier);
                }
                return all;
        }
    }

    private static HashSet<(int Start, int At)> Advance(string[] words, HashSet<(int Start, int At)> from, Element element)
    {
        var next = new HashSet<(int, int)>();
        foreach (var (start, at) in from)
        {
            if (at >= words.Length || !element.ByFirstWord.TryGetValue(words[at], out var phrases)) continue;
            foreach (var phrase in phrases)
            {
                if (At(words, at, phrase)) next.Add((start, at + phrase.Length));
            }
        }
        return next;
    }

    /// <summary>Every position <paramref name="element"/> can reach from <paramref name="from"/> (no LINQ: it runs for every reply's words).</summary>
    private static HashSet<int> Closure(string[] words, int from, Element element)
    {
        var reached = Step(words, new HashSet<(int, int)> { (0, from) }, element);
        var ats = new HashSet<int>(reached.Count);
        foreach (var (_, at) in reached) ats.Add(at);
        return ats;
    }

    private static bool At(string[] words, int at, string[] phrase)
    {
        if (at + phrase.Length > words.Length) return false;
        for (var i = 0; i < phrase.Length; i++)
        {
            if (!string.Equals(words[at + i], phrase[i], StringComparison.Ordinal)) return false;
        }
        return true;
    }
}
