using CoProduction.Bench;

namespace CoProduction.Bench.Tests;

/// <summary>
/// What the interleaved ratio of web chat against the SMS turn says from its runs (<c>--chat-ratio</c>, and the one
/// command's rounds): the order of a round, each round's ratio, and a verdict on issue 14's "at most twice" only when
/// the rounds agree.
/// </summary>
public sealed class RatioSummaryTests
{
    /// <summary>Rounds of the SMS turn costing <paramref name="sms"/> and the chat row <paramref name="chat"/> ms a turn, in the summary's order.</summary>
    private static List<RatioRun> Runs(double[] sms, double[] chat, string chatRow = "chat")
    {
        var runs = new List<RatioRun>();
        for (var round = 1; round <= sms.Length; round++)
        {
            foreach (var row in RatioSummary.Order(round, [chatRow]))
            {
                var cpu = row == RatioSummary.Sms ? sms[round - 1] : chat[round - 1];
                runs.Add(new RatioRun(round, row, cpu, 1000 / cpu, 10 * cpu));
            }
        }
        return runs;
    }

    [Fact]
    public void The_SMS_turn_runs_first_in_odd_rounds_and_last_in_even_ones()
    {
        var order = Enumerable.Range(1, 4).Select(r => string.Join(" ", RatioSummary.Order(r, ["chat", "chat-message"]))).ToList();

        Assert.Equal(["sms chat chat-message", "chat-message chat sms", "sms chat chat-message", "chat-message chat sms"], order);
    }

    [Fact]
    public void Each_round_compares_the_chat_row_with_the_SMS_run_of_the_same_round()
    {
        var summary = new RatioSummary(Runs([0.40, 0.30, 0.50], [0.70, 0.66, 0.80]));

        var ratios = summary.Ratios("chat");

        Assert.Equal(3, ratios.Count);
        Assert.Equal(0.70 / 0.40, ratios[0], 10);
        Assert.Equal(0.66 / 0.30, ratios[1], 10);
        Assert.Equal(0.80 / 0.50, ratios[2], 10);
        Assert.Empty(summary.Ratios("chat-message"));
    }

    [Fact]
    public void Under_twice_in_six_of_six_rounds_is_the_goal_met_with_each_round_and_the_median()
    {
        var lines = new RatioSummary(Runs([0.40, 0.38, 0.41, 0.39, 0.40, 0.42], [0.72, 0.70, 0.78, 0.74, 0.76, 0.80]))
            .Lines("chat", "chat turn").ToList();

        Assert.StartsWith("chat turn, against the SMS turn round by round: 1.80, 1.84, 1.90, 1.90, 1.90, 1.90; median 1.90 (from 1.80 to 1.90), by the means 1.8", lines[0], StringComparison.Ordinal);
        Assert.Equal("  under 2 times the SMS turn in 6 of 6 rounds; sign test, two-sided: p = 0.031", lines[1]);
        Assert.Equal("  Verdict: under 2 times the SMS turn's CPU (under in 6 of 6 rounds, p = 0.031, under 5%): the goal is met", lines[2]);
    }

    [Fact]
    public void Over_twice_in_every_round_is_the_goal_not_met()
    {
        var lines = new RatioSummary(Runs([0.30, 0.30, 0.30, 0.30, 0.30, 0.30], [0.70, 0.66, 0.75, 0.64, 0.61, 0.90]))
            .Lines("chat", "chat turn").ToList();

        Assert.Equal("  under 2 times the SMS turn in 0 of 6 rounds; sign test, two-sided: p = 0.031", lines[1]);
        Assert.StartsWith("  Verdict: over 2 times the SMS turn's CPU (over in 6 of 6 rounds", lines[2], StringComparison.Ordinal);
        Assert.EndsWith("the goal is not met", lines[2], StringComparison.Ordinal);
    }

    [Fact]
    public void Rounds_on_both_sides_of_twice_show_nothing_and_say_how_many_would()
    {
        var lines = new RatioSummary(Runs([0.30, 0.30, 0.30, 0.30, 0.30, 0.30, 0.30, 0.30, 0.30], [0.57, 0.63, 0.58, 0.57, 0.58, 0.59, 0.57, 0.57, 0.61]))
            .Lines("chat", "chat turn").ToList();

        Assert.Equal("  under 2 times the SMS turn in 7 of 9 rounds; sign test, two-sided: p = 0.180", lines[1]);
        Assert.Equal("  Not shown either way: at 5%, 8 of 9 rounds would have to fall on the same side of 2 times.", lines[2]);
    }

    [Fact]
    public void A_ratio_exactly_at_twice_is_left_out_of_the_count_and_said()
    {
        var lines = new RatioSummary(Runs([0.25, 0.25], [0.50, 0.40])).Lines("chat", "chat turn").ToList();

        Assert.Equal("  under 2 times the SMS turn in 1 of 2 rounds, 1 exactly at it (left out); sign test, two-sided: p = 1.000", lines[1]);
        Assert.Equal("  Not shown either way: 1 rounds cannot show it at 5% whatever they find (6 or more are needed, all on one side).", lines[2]);
    }

    [Fact]
    public void A_chat_row_never_measured_beside_the_SMS_turn_says_so()
    {
        var lines = new RatioSummary([new RatioRun(1, "chat", 0.7, 100, 5)]).Lines("chat", "chat turn").ToList();

        Assert.Equal(["chat turn: no round had both it and the SMS turn measured"], lines);
    }

    /// <summary>Rounds of the bare endpoint serving <paramref name="bare"/> requests a second and the SMS turn <paramref name="sms"/> turns a second, in the bare goal's order.</summary>
    private static List<RatioRun> BareRuns(double[] bare, double[] sms)
    {
        var runs = new List<RatioRun>();
        for (var round = 1; round <= bare.Length; round++)
        {
            foreach (var row in RatioSummary.Order(round, [RatioSummary.Sms], RatioSummary.Bare))
            {
                var perSecond = row == RatioSummary.Bare ? bare[round - 1] : sms[round - 1];
                runs.Add(new RatioRun(round, row, 1000 / perSecond, perSecond, 5));
            }
        }
        return runs;
    }

    [Fact]
    public void Against_the_bare_endpoint_the_bare_run_comes_first_in_odd_rounds_and_last_in_even_ones()
    {
        var order = Enumerable.Range(1, 3).Select(r => string.Join(" ", RatioSummary.Order(r, [RatioSummary.Sms], RatioSummary.Bare))).ToList();

        Assert.Equal(["bare sms", "sms bare", "bare sms"], order);
    }

    [Fact]
    public void Each_round_gives_the_SMS_turns_share_of_the_bare_requests_of_the_same_round()
    {
        var summary = new RatioSummary(BareRuns([20_000, 25_000, 30_000], [4_000, 4_500, 7_500]), RatioGoal.SmsAtLeastAFifthOfBare);

        Assert.Equal([0.20, 0.18, 0.25], summary.Ratios(RatioSummary.Sms).Select(r => Math.Round(r, 10)));
    }

    [Fact]
    public void At_least_a_fifth_of_bare_in_six_of_six_rounds_is_the_SMS_goal_met()
    {
        var lines = new RatioSummary(BareRuns([22_000, 22_500, 21_800, 22_200, 22_100, 22_300], [4_500, 4_600, 4_400, 4_700, 4_500, 4_600]), RatioGoal.SmsAtLeastAFifthOfBare)
            .Lines(RatioSummary.Sms, "SMS turn at 8 phones").ToList();

        Assert.StartsWith("SMS turn at 8 phones, against the bare endpoint round by round: 20.5%, 20.4%, 20.2%, 21.2%, 20.4%, 20.6%; median 20.4%", lines[0], StringComparison.Ordinal);
        Assert.Equal("  at least 20% of the bare endpoint in 6 of 6 rounds; sign test, two-sided: p = 0.031", lines[1]);
        Assert.Equal("  Verdict: at least 20% of the bare endpoint's requests a second (at least 20% in 6 of 6 rounds, p = 0.031, under 5%): the goal is met", lines[2]);
    }

    [Fact]
    public void Under_a_fifth_of_bare_in_every_round_is_the_SMS_goal_not_met_and_five_of_six_shows_nothing()
    {
        var notMet = new RatioSummary(BareRuns([28_000, 28_000, 28_000, 28_000, 28_000, 28_000], [4_700, 5_300, 4_400, 5_000, 4_900, 5_500]), RatioGoal.SmsAtLeastAFifthOfBare)
            .Lines(RatioSummary.Sms, "SMS turn at 32 phones").ToList();
        var unclear = new RatioSummary(BareRuns([28_000, 28_000, 28_000, 28_000, 28_000, 28_000], [4_700, 5_700, 4_400, 5_000, 4_900, 5_500]), RatioGoal.SmsAtLeastAFifthOfBare)
            .Lines(RatioSummary.Sms, "SMS turn at 32 phones").ToList();

        Assert.Equal("  Verdict: under 20% of the bare endpoint's requests a second (under 20% in 6 of 6 rounds, p = 0.031, under 5%): the goal is not met", notMet[2]);
        Assert.Equal("  at least 20% of the bare endpoint in 1 of 6 rounds; sign test, two-sided: p = 0.219", unclear[1]);
        Assert.Equal("  Not shown either way: at 5%, 6 of 6 rounds would have to fall on the same side of 20%.", unclear[2]);
    }
}
