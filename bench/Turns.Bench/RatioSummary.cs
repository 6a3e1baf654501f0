using System.Globalization;

namespace CoProduction.Bench;

/// <summary>One run of a row in an interleaved ratio (<c>--chat-ratio</c>): the round, the row's name, and what it measured.</summary>
internal sealed record RatioRun(int Round, string Row, double CpuMsPerTurn, double TurnsPerSecond, double P99Ms, double? KbPerTurn = null)
{
    public override string ToString() => $"round {Round}, {Row}: {PairRun.Figures(CpuMsPerTurn, TurnsPerSecond, P99Ms, KbPerTurn)}";
}

/// <summary>
/// Issue 14's web chat goal, measured on one service: a chat turn at no more than <see cref="Goal"/> times the CPU of an SMS
/// turn. The SMS row and each chat row run once a round, interleaved (<see cref="Order"/>: the SMS turn first in odd rounds
/// and last in even ones), so each round gives each chat row one ratio to an SMS run minutes or seconds from it, on the
/// same warm service, instead of two rows measured minutes apart whose ratio moves with the machine. The verdict is a
/// sign test over the rounds against the goal (in how many was the ratio under it, both ways, at 5%), as a pair's is.
/// </summary>
internal sealed class RatioSummary
{
    /// <summary>The SMS row's name; every other row is compared with it.</summary>
    public const string Sms = "sms";

    /// <summary>The goal: a chat turn's CPU at most this many times an SMS turn's.</summary>
    public const double Goal = 2.0;

    private readonly IReadOnlyList<RatioRun> _runs;

    public RatioSummary(IReadOnlyList<RatioRun> runs) => _runs = runs;

    /// <summary>The rows of round <paramref name="round"/> (from 1) in the order they run: SMS then the chat rows, then the chat rows backwards then SMS.</summary>
    public static IReadOnlyList<string> Order(int round, IReadOnlyList<string> chatRows) =>
        round % 2 == 1 ? [Sms, .. chatRows] : [.. chatRows.Reverse(), Sms];

    /// <summary>The chat row's CPU a turn over the SMS turn's of the same round, round by round (rounds with both).</summary>
    public IReadOnlyList<double> Ratios(string chatRow) => _runs.GroupBy(r => r.Round).OrderBy(g => g.Key)
        .Select(g => (Sms: g.FirstOrDefault(r => r.Row == Sms), Chat: g.FirstOrDefault(r => r.Row == chatRow)))
        .Where(g => g.Sms is { CpuMsPerTurn: > 0 } && g.Chat is not null)
        .Select(g => g.Chat!.CpuMsPerTurn / g.Sms!.CpuMsPerTurn)
        .ToList();

    public static double Median(IReadOnlyList<double> values)
    {
        if (values.Count == 0) return double.NaN;
        var sorted = values.Order().ToArray();
        return sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[sorted.Length / 2 - 1] + sorted[sorted.Length / 2]) / 2;
    }

    /// <summary>What the rounds say of one chat row against the goal: its ratios, their median and spread, the count under the goal and the verdict or its absence.</summary>
    public IEnumerable<string> Lines(string chatRow, string what)
    {
        var c = CultureInfo.InvariantCulture;
        var ratios = Ratios(chatRow);
        if (ratios.Count == 0)
        {
            yield return $"{what}: no round had both it and the SMS turn measured";
            yield break;
        }
        var under = ratios.Count(r => r < Goal);
        var over = ratios.Count(r => r > Goal);
        var p = PairSummary.SignTest(under, under + over);
        var mean = _runs.Where(r => r.Row == chatRow).Average(r => r.CpuMsPerTurn) / _runs.Where(r => r.Row == Sms).Average(r => r.CpuMsPerTurn);
        yield return string.Create(c, $"{what}, against the SMS turn round by round: {string.Join(", ", ratios.Select(r => r.ToString("0.00", c)))}; median {Median(ratios):0.00} (from {ratios.Min():0.00} to {ratios.Max():0.00}), by the means {mean:0.00}");
        var ties = ratios.Count - under - over > 0 ? string.Create(c, $", {ratios.Count - under - over} exactly at it (left out)") : "";
        yield return string.Create(c, $"  under {Goal:0} times the SMS turn in {under} of {ratios.Count} rounds{ties}; sign test, two-sided: p = {p:0.000}");
        var compared = under + over;
        if (compared > 0 && p < PairSummary.Level)
        {
            yield return under > over
                ? string.Create(c, $"  Verdict: under {Goal:0} times the SMS turn's CPU (under in {under} of {compared} rounds, p = {p:0.000}, under 5%): the goal is met")
                : string.Create(c, $"  Verdict: over {Goal:0} times the SMS turn's CPU (over in {over} of {compared} rounds, p = {p:0.000}, under 5%): the goal is not met");
        }
        else
        {
            yield return PairSummary.NeededOf(compared) is { } needed
                ? string.Create(c, $"  Not shown either way: at 5%, {needed} of {compared} rounds would have to fall on the same side of {Goal:0} times.")
                : string.Create(c, $"  Not shown either way: {compared} rounds cannot show it at 5% whatever they find (6 or more are needed, all on one side).");
        }
    }
}
