using System.Globalization;

namespace CoProduction.Bench;

/// <summary>One run of a side-by-side pair: which round, which build (A or B), and what it measured.</summary>
internal sealed record PairRun(int Round, char Build, double CpuMsPerTurn, double TurnsPerSecond, double P99Ms, double? KbPerTurn = null)
{
    public override string ToString() => $"round {Round}, {Build}: {Figures(CpuMsPerTurn, TurnsPerSecond, P99Ms, KbPerTurn)}";

    /// <summary>A run's figures as every side-by-side run prints them (a pair's, and an interleaved ratio's).</summary>
    public static string Figures(double cpuMsPerTurn, double turnsPerSecond, double p99Ms, double? kbPerTurn) => string.Create(CultureInfo.InvariantCulture,
        $"{cpuMsPerTurn:0.000} ms CPU a turn, {turnsPerSecond:N0} turns/s, p99 {p99Ms:0.0} ms{(kbPerTurn is { } kb ? $", {kb:0.00} KB allocated a turn" : "")}");
}

/// <summary>
/// What a side-by-side pair shows, from its runs alone. The rounds run in ABBA order (<see cref="Order"/>): A then B in
/// the first round, B then A in the second, and so on, so a build is not always the one measured first (or last) as
/// the machine's load drifts. Each round gives one B/A ratio of CPU a turn; the verdict is a sign test over the rounds
/// (in how many was B the cheaper, against a coin's even odds, both ways, at 5%): it is given only when the rounds
/// agree that far, and otherwise the summary says "no difference shown". The means are printed but not judged on:
/// one round on a busy spell moves a mean by more than most changes, not the count of rounds.
/// </summary>
internal sealed class PairSummary
{
    /// <summary>The level of the sign test: a verdict when the two-sided chance of so lopsided a count is under this.</summary>
    public const double Level = 0.05;

    private readonly IReadOnlyList<PairRun> _runs;

    public PairSummary(IReadOnlyList<PairRun> runs)
    {
        _runs = runs;
        var rounds = runs.GroupBy(r => r.Round).OrderBy(g => g.Key)
            .Select(g => (A: g.FirstOrDefault(r => r.Build == 'A'), B: g.FirstOrDefault(r => r.Build == 'B')))
            .Where(g => g.A is not null && g.B is not null && g.A.CpuMsPerTurn > 0)
            .ToList();
        Ratios = rounds.Select(g => g.B!.CpuMsPerTurn / g.A!.CpuMsPerTurn).ToList();
        BCheaper = Ratios.Count(r => r < 1);
        ACheaper = Ratios.Count(r => r > 1);
        P = SignTest(BCheaper, BCheaper + ACheaper);
    }

    /// <summary>The builds in the order they run in round <paramref name="round"/> (from 1): A B, then B A, then A B...</summary>
    public static char[] Order(int round) => round % 2 == 1 ? ['A', 'B'] : ['B', 'A'];

    /// <summary>B's CPU a turn over A's, round by round (rounds with both runs).</summary>
    public IReadOnlyList<double> Ratios { get; }

    public int BCheaper { get; }
    public int ACheaper { get; }

    /// <summary>Rounds where the two cost exactly the same: left out of the sign test, as it leaves out ties.</summary>
    public int Ties => Ratios.Count - BCheaper - ACheaper;

    /// <summary>The sign test's two-sided chance of a count at least this lopsided if neither build were the cheaper.</summary>
    public double P { get; }

    public bool Decided => BCheaper + ACheaper > 0 && P < Level;

    public double Mean(char build, Func<PairRun, double> figure) =>
        _runs.Where(r => r.Build == build).Select(figure).DefaultIfEmpty(double.NaN).Average();

    /// <summary>
    /// KB allocated a turn by the means, and in how many rounds B allocated less than A: a count, printed beside the CPU's
    /// verdict and never instead of it (a change can allocate less and cost more). Null when the service did not say.
    /// </summary>
    public string? AllocationLine()
    {
        var rounds = _runs.GroupBy(r => r.Round)
            .Select(g => (A: g.FirstOrDefault(r => r.Build == 'A')?.KbPerTurn, B: g.FirstOrDefault(r => r.Build == 'B')?.KbPerTurn))
            .Where(g => g.A is not null && g.B is not null)
            .ToList();
        if (rounds.Count == 0) return null;
        var c = CultureInfo.InvariantCulture;
        var (a, b) = (rounds.Average(g => g.A!.Value), rounds.Average(g => g.B!.Value));
        return string.Create(c, $"KB allocated a turn, by the means: A {a:0.00}, B {b:0.00} (B/A {b / a:0.000}); B allocated less in {rounds.Count(g => g.B < g.A)} of {rounds.Count} rounds");
    }

    /// <summary>
    /// The two-sided exact sign test: twice the chance, with even odds, of <paramref name="k"/> or fewer (or as many
    /// or more) of <paramref name="n"/> going one way, whichever is the rarer; 1 when nothing was compared.
    /// </summary>
    public static double SignTest(int k, int n)
    {
        if (n <= 0) return 1;
        var fewer = Math.Min(k, n - k);
        double tail = 0, ways = 1; // ways: n choose i
        for (var i = 0; i <= fewer; i++)
        {
            tail += ways;
            ways = ways * (n - i) / (i + 1);
        }
        return Math.Min(1, 2 * tail / Math.Pow(2, n));
    }

    /// <summary>The fewest of <paramref name="n"/> rounds that must go one way for a verdict at 5%; null when none can.</summary>
    public static int? NeededOf(int n)
    {
        for (var k = n; k > n / 2; k--)
        {
            if (SignTest(k, n) >= Level) return k == n ? null : k + 1;
        }
        return null;
    }

    /// <summary>The summary's lines: the means, B/A round by round, the count of rounds, and the verdict or its absence.</summary>
    public IEnumerable<string> Lines()
    {
        var c = CultureInfo.InvariantCulture;
        var (cpuA, cpuB) = (Mean('A', r => r.CpuMsPerTurn), Mean('B', r => r.CpuMsPerTurn));
        yield return string.Create(c, $"means: A {cpuA:0.000} ms CPU a turn, {Mean('A', r => r.TurnsPerSecond):N0} turns/s, p99 {Mean('A', r => r.P99Ms):0.0} ms; B {cpuB:0.000} ms, {Mean('B', r => r.TurnsPerSecond):N0} turns/s, p99 {Mean('B', r => r.P99Ms):0.0} ms; B/A by the means {cpuB / cpuA:0.000}");
        yield return "B/A round by round: " + string.Join(", ", Ratios.Select(r => r.ToString("0.000", c)))
            + (Ratios.Count > 0 ? string.Create(c, $" (from {Ratios.Min():0.000} to {Ratios.Max():0.000})") : "");
        if (AllocationLine() is { } allocation) yield return allocation;
        var compared = BCheaper + ACheaper;
        var ties = Ties > 0 ? string.Create(c, $", {Ties} a tie (left out)") : "";
        yield return string.Create(c, $"B cheaper in {BCheaper} of {Ratios.Count} rounds{ties}; sign test, two-sided: p = {P:0.000}");
        if (Decided)
        {
            var share = cpuB / cpuA;
            yield return BCheaper > ACheaper
                ? string.Create(c, $"Verdict: B is cheaper than A (cheaper in {BCheaper} of {compared} rounds, p = {P:0.000}, under 5%); by the means B costs {share * 100:0.0}% of A's CPU a turn")
                : string.Create(c, $"Verdict: B costs more than A (dearer in {ACheaper} of {compared} rounds, p = {P:0.000}, under 5%); by the means B costs {share * 100:0.0}% of A's CPU a turn");
        }
        else
        {
            yield return NeededOf(compared) is { } needed
                ? string.Create(c, $"No difference shown: at 5%, {needed} of {compared} rounds would have to go the same way.")
                : string.Create(c, $"No difference shown: {compared} rounds cannot show one at 5% whatever they find (6 or more are needed, all the same way).");
        }
    }
}
