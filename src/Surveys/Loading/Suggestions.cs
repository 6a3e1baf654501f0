namespace CoProduction.Surveys.Loading;

/// <summary>"Did you mean ...?" for a mistyped field name, question id or type.</summary>
internal static class Suggestions
{
    public static string? Closest(string typed, IEnumerable<string> known)
    {
        var lower = typed.ToLowerInvariant();
        string? best = null;
        var bestDistance = int.MaxValue;
        foreach (var candidate in known)
        {
            var distance = Distance(lower, candidate.ToLowerInvariant());
            if (distance < bestDistance)
            {
                best = candidate;
                bestDistance = distance;
            }
        }
        // A third of the word may be wrong: catches 'optinal' and 'max_lenght' but not 'colour' -> 'channels'.
        var allowed = Math.Max(1, Math.Min(3, typed.Length / 3));
        return bestDistance <= allowed ? best : null;
    }

    public static string DidYouMean(string typed, IEnumerable<string> known) =>
        Closest(typed, known) is { } match ? $" -- did you mean '{match}'?" : "";

    /// <summary>Optimal string alignment distance: a swapped pair of letters counts as one mistake.</summary>
    internal static int Distance(string a, string b)
    {
        var d = new int[a.Length + 1, b.Length + 1];
        for (var i = 0; i <= a.Length; i++) d[i, 0] = i;
        for (var j = 0; j <= b.Length; j++) d[0, j] = j;
        for (var i = 1; i <= a.Length; i++)
        {
            for (var j = 1; j <= b.Length; j++)
            {
                var cost = a[i - 1] == b[j - 1] ? 0 : 1;
                d[i, j] = Math.Min(Math.Min(d[i - 1, j] + 1, d[i, j - 1] + 1), d[i - 1, j - 1] + cost);
                if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1])
                    d[i, j] = Math.Min(d[i, j], d[i - 2, j - 2] + 1);
            }
        }
        return d[a.Length, b.Length];
    }
}
