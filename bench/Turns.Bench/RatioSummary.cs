using System.Globalization;

namespace CoProduction.Bench;

/// <summary>One run of a row in an interleaved ratio (<c>--chat-ratio</c>): the round, the row's name, and what it measured.</summary>
internal sealed record RatioRun(int Round, string Row, double CpuMsPerTurn, double TurnsPerSecond, double P99Ms, double? KbPerTurn = null)
{
    public override string ToString() => $"round {Round}, {Row}: {PairRun.Figures(CpuMsPerTurn, TurnsPerSecond, P99Ms, KbPerTurn)}";
}

/// <summary>
/// What an interleaved ratio compares and against what goal: the row every other row is compared with (the base), how a
/// round's ratio is made from the base's run and the other's, the goal and which side of it meets it, and the words.
/// </summary>
internal sealed record RatioGoal(
    string BaseRow,
    string BaseName,
    Func<RatioRun, RatioRun, double> Ratio,
    double Goal,
    bool AtMost,
    string Format,
    string GoalWords,
    string OtherSideWords,
    string MetVerdictWords,
    string NotMetVerdictWords,
    string MetShort,
    string NotMetShort)
{
    /// <summary>Issue 14's web chat goal: a chat turn's CPU at most twice the SMS turn's (<c>--chat-ratio</c>).</summary>
    public static readonly RatioGoal ChatAtMostTwiceSms = new(
        RatioSummary.Sms, "the SMS turn", (sms, chat) => chat.CpuMsPerTurn / sms.CpuMsPerTurn, 2.0, AtMost: true, "0.00",
        "under 2 times the SMS turn", "2 times", "under 2 times the SMS turn's CPU", "over 2 times the SMS turn's CPU", "under", "over");

    /// <summary>
    /// Issue 14's goal for the SMS turn: at least 20% of the bare endpoint's requests a second in the same run
    /// (<c>--bare-ratio</c>): the SMS turn's turns a second over the bare endpoint's requests a second of the same round.
    /// </summary>
    public static readonly RatioGoal SmsAtLeastAFifthOfBare = new(
        RatioSummary.Bare, "the bare endpoint", (bare, sms) => sms.TurnsPerSecond / bare.TurnsPerSecond, 0.20, AtMost: false, "0.0%",
        "at least 20% of the bare endpoint", "20%", "at least 20% of the bare endpoint's requests a second",
        "under 20% of the bare endpoint's requests a second", "at least 20%", "under 20%");

    /// <summary>Whether a round's ratio is on the goal's side of it (never for a ratio exactly at it).</summary>
    public bool Meets(double ratio) => AtMost ? ratio < Goal : ratio > Goal;

    public string Say(double ratio) => ratio.ToString(Format, CultureInfo.InvariantCulture);
}

/// <summary>
/// An interleaved ratio, measured on warm services (<see cref="RatioGoal"/>): issue 14's web chat goal (a chat turn at
/// no more than twice the CPU of an SMS turn) or its SMS goal (an SMS turn at 20% or more of the bare endpoint's requests
/// a second). The base row and each other row run once a round, interleaved (<see cref="Order"/>: the base first in odd
/// rounds and last in even ones), so each round gives each row one ratio to a base run seconds from it, instead of two
/// rows measured minutes apart whose ratio moves with the machine. The verdict is a sign test over the rounds against
/// the goal (in how many was the ratio on the goal's side, both ways, at 5%), as a pair's is.
/// </summary>
internal sealed class RatioSummary
{
    /// <summary>The SMS row's name: the base of the chat goal, the row compared in the bare endpoint's.</summary>
    public const string Sms = "sms";

    /// <summary>The bare endpoint's row name: the base of the SMS goal (<c>--bare-ratio</c>).</summary>
    public const string Bare = "bare";

    /// <summary>The chat goal: a chat turn's CPU at most this many times an SMS turn's.</summary>
    public const double Goal = 2.0;

    private readonly IReadOnlyList<RatioRun> _runs;
    private readonly RatioGoal _goal;

    public RatioSummary(IReadOnlyList<RatioRun> runs, RatioGoal? goal = null)
    {
        _runs = runs;
        _goal = goal ?? RatioGoal.ChatAtMostTwiceSms;
    }

    /// <summary>The rows of round <paramref name="round"/> (from 1) in the order they run: the base then the others, then the others backwards then the base.</summary>
    public static IReadOnlyList<string> Order(int round, IReadOnlyList<string> rows, string baseRow = Sms) =>
        round % 2 == 1 ? [baseRow, .. rows] : [.. rows.Reverse(), baseRow];

    /// <summary>The row's ratio to the base run of the same round, round by round (rounds with both).</summary>
    public IReadOnlyList<double> Ratios(string row) => _runs.GroupBy(r => r.Round).OrderBy(g => g.Key)
        .Select(g => (Base: g.FirstOrDefault(r => r.Row == _goal.BaseRow), Other: g.FirstOrDefault(r => r.Row == row)))
        .Where(g => g.Base is { CpuMsPerTurn: > 0, TurnsPerSecond: > 0 } && g.Other is not null)
        .Select(g => _goal.Ratio(g.Base!, g.Other!))
        .ToList();

    public static double Median(IReadOnlyList<double> values)
    {
        if (values.Count == 0) return double.NaN;
        var sorted = values.Order().ToArray();
        return sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[sorted.Length / 2 - 1] + sorted[sorted.Length / 2]) / 2;
    }

    /// <summary>What the rounds say of one row against the goal: its ratios, their median and spread, the count on the goal's side and the verdict or its absence.</summary>
    public IEnumerable<string> Lines(string row, string what)
    {
        var c = CultureInfo.InvariantCulture;
        var g = _goal;
        var ratios = Ratios(row);
        if (ratios.Count == 0)
        {
            yield return $"{what}: no round had both it and {g.BaseName} measured";
            yield break;
        }
        var meets = ratios.Count(g.Meets);
        var misses = ratios.Count(r => r != g.Goal && !g.Meets(r));
        var p = PairSummary.SignTest(meets, meets + misses);
        var mean = g.Ratio(Mean(g.BaseRow), Mean(row));
        yield return $"{what}, against {g.BaseName} round by round: {string.Join(", ", ratios.Select(g.Say))}; median {g.Say(Median(ratios))} (from {g.Say(ratios.Min())} to {g.Say(ratios.Max())}), by the means {g.Say(mean)}";
        var ties = ratios.Count - meets - misses > 0 ? string.Create(c, $", {ratios.Count - meets - misses} exactly at it (left out)") : "";
        yield return string.Create(c, $"  {g.GoalWords} in {meets} of {ratios.Count} rounds{ties}; sign test, two-sided: p = {p:0.000}");
        var compared = meets + misses;
        if (compared > 0 && p < PairSummary.Level)
        {
            yield return meets > misses
                ? string.Create(c, $"  Verdict: {g.MetVerdictWords} ({g.MetShort} in {meets} of {compared} rounds, p = {p:0.000}, under 5%): the goal is met")
                : string.Create(c, $"  Verdict: {g.NotMetVerdictWords} ({g.NotMetShort} in {misses} of {compared} rounds, p = {p:0.000}, under 5%): the goal is not met");
        }
        else
        {
            yield return PairSummary.NeededOf(compared) is { } needed
                ? string.Create(c, $"  Not shown either way: at 5%, {needed} of {compared} rounds would have to fall on the same side of {g.OtherSideWords}.")
                : string.Create(c, $"  Not shown either way: {compared} rounds cannot show it at 5% whatever they find (6 or more are needed, all on one side).");
        }
    }

    /// <summary>A row's mean run (its CPU a turn and turns a second, each the mean over its rounds), for the ratio by the means.</summary>
    private RatioRun Mean(string row)
    {
        var runs = _runs.Where(r => r.Row == row).ToList();
        return new RatioRun(0, row, runs.Average(r => r.CpuMsPerTurn), runs.Average(r => r.TurnsPerSecond), runs.Average(r => r.P99Ms));
    }
}
