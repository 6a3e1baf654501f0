using Microsoft.Extensions.Options;

namespace CoProduction.Store.Results;

/// <summary>
/// The one place that decides what the public may see of a table of counts. Everything public
/// (the results page, messages sent back, vote results) goes through here.
/// <list type="bullet">
/// <item>A table about fewer than <see cref="DisclosureOptions.MinimumGroup"/> people shows no figure at all.</item>
/// <item>A count from 1 to SmallCount - 1 is shown only as "fewer than SmallCount" (primary suppression).</item>
/// <item>The total is shown, so a single hidden count could be worked out by subtraction: more
/// counts are hidden, smallest first, until no hidden count can be pinned to one value from the
/// total, the shown counts, and what the labels say about the hidden ones (secondary suppression).</item>
/// </list>
/// Rounds are disclosed separately and never as a difference, so nothing can be worked out from
/// the previous round's table either: see <see cref="Change"/>.
/// The thresholds in force come from <see cref="DisclosureSettings.ControlAsync"/> (the larger of the
/// configured ones and the ones the board raised in the app); nothing else makes one in the service.
/// </summary>
public sealed class DisclosureControl(int minimumGroup, int smallCount)
{
    public DisclosureControl(IOptions<DisclosureOptions> options) : this(options.Value.MinimumGroup, options.Value.SmallCount)
    {
    }

    private int MinimumGroup { get; } = Math.Max(minimumGroup, DisclosureOptions.LeastMinimumGroup);
    private int SmallCount { get; } = Math.Max(smallCount, DisclosureOptions.LeastSmallCount);

    /// <summary>With the default thresholds, for tests and callers outside dependency injection.</summary>
    public static DisclosureControl Default { get; } = new(DisclosureOptions.LeastMinimumGroup, DisclosureOptions.LeastSmallCount);

    public DisclosedTable Disclose(IReadOnlyList<KeyValuePair<string, int>> counts)
    {
        var total = counts.Sum(c => c.Value);
        if (total < MinimumGroup)
        {
            return new DisclosedTable(null, SmallCount, counts.Select(c => new DisclosedCell(c.Key, null, Disclosure.Hidden)).ToList());
        }

        var small = counts.Select((c, i) => (c, i)).Where(x => x.c.Value > 0 && x.c.Value < SmallCount).Select(x => x.i).ToHashSet();
        var secondary = new HashSet<int>();
        while (Derivable(counts, small, secondary))
        {
            // The smallest shown count goes next: it hides the least and, being the smallest,
            // tells an onlooker the least about the hidden ones.
            var next = counts.Select((c, i) => (c, i))
                .Where(x => x.c.Value >= SmallCount && !secondary.Contains(x.i))
                .OrderBy(x => x.c.Value).ThenBy(x => x.i)
                .Select(x => (int?)x.i)
                .FirstOrDefault();
            if (next is null)
            {
                return new DisclosedTable(null, SmallCount, counts.Select(c => new DisclosedCell(c.Key, null, Disclosure.Hidden)).ToList());
            }
            secondary.Add(next.Value);
        }

        var cells = counts.Select((c, i) =>
            small.Contains(i) ? new DisclosedCell(c.Key, null, Disclosure.FewerThan)
            : secondary.Contains(i) ? new DisclosedCell(c.Key, null, Disclosure.Hidden)
            : new DisclosedCell(c.Key, c.Value, Disclosure.Shown)).ToList();
        return new DisclosedTable(total, SmallCount, cells);
    }

    public DisclosedTable Disclose(IReadOnlyDictionary<string, int> counts) => Disclose(counts.ToList());

    /// <summary>A head count on its own ("30 people answered"): null when under the minimum group.</summary>
    public int? DiscloseGroup(int people) => people >= MinimumGroup ? people : null;

    public int MinimumGroupSize => MinimumGroup;

    public int SmallCountLimit => SmallCount;

    /// <summary>
    /// The change in one count from the previous round, only when both are shown exactly: a change
    /// from "fewer than 5" to 12 would otherwise give the hidden count away.
    /// </summary>
    public static int? Change(DisclosedCell? now, DisclosedCell? before) =>
        now is { Disclosure: Disclosure.Shown, Count: { } n } && before is { Disclosure: Disclosure.Shown, Count: { } b } ? n - b : null;

    /// <summary>
    /// Whether any hidden count has only one possible value. An onlooker knows the hidden counts'
    /// sum (total minus shown), that a "fewer than" count is 1..SmallCount-1, and that a count
    /// hidden beside it is at least SmallCount and, because the smallest goes first, at most the
    /// smallest count still shown.
    /// </summary>
    private bool Derivable(IReadOnlyList<KeyValuePair<string, int>> counts, HashSet<int> small, HashSet<int> secondary)
    {
        if (small.Count == 0) return false;
        var hidden = small.Concat(secondary).ToList();
        var sum = hidden.Sum(i => counts[i].Value);
        var shownPositive = counts.Where((c, i) => c.Value > 0 && !small.Contains(i) && !secondary.Contains(i)).Select(c => c.Value).ToList();
        var secondaryMax = shownPositive.Count > 0 ? Math.Min(shownPositive.Min(), sum) : sum;

        (int Min, int Max) Bounds(int i) => small.Contains(i) ? (1, SmallCount - 1) : (SmallCount, secondaryMax);

        foreach (var i in hidden)
        {
            var others = hidden.Where(j => j != i).Select(Bounds).ToList();
            var (min, max) = Bounds(i);
            var lo = Math.Max(min, sum - others.Sum(b => b.Max));
            var hi = Math.Min(max, sum - others.Sum(b => b.Min));
            if (lo >= hi) return true;
        }
        return false;
    }
}
