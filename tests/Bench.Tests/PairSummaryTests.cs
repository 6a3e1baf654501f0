using CoProduction.Bench;

namespace CoProduction.Bench.Tests;

/// <summary>What a side-by-side pair says from its runs: the order, the arithmetic, and a verdict only when the rounds agree.</summary>
public sealed class PairSummaryTests
{
    /// <summary>Runs in ABBA order, A costing <paramref name="a"/> and B <paramref name="b"/> ms a turn, round by round.</summary>
    private static List<PairRun> Runs(double[] a, double[] b)
    {
        var runs = new List<PairRun>();
        for (var round = 1; round <= a.Length; round++)
        {
            foreach (var build in PairSummary.Order(round))
            {
                var cpu = build == 'A' ? a[round - 1] : b[round - 1];
                runs.Add(new PairRun(round, build, cpu, 1 / cpu * 1000, 10 * cpu));
            }
        }
        return runs;
    }

    [Fact]
    public void The_rounds_alternate_A_B_then_B_A()
    {
        var order = string.Concat(Enumerable.Range(1, 4).SelectMany(PairSummary.Order));

        Assert.Equal("ABBAABBA", order);
    }

    [Theory]
    [InlineData(6, 6, 0.03125)]
    [InlineData(0, 6, 0.03125)]
    [InlineData(5, 6, 0.21875)]
    [InlineData(3, 6, 1.0)]
    [InlineData(8, 9, 0.0390625)]
    [InlineData(5, 5, 0.0625)]
    [InlineData(0, 0, 1.0)]
    public void The_sign_test_is_the_two_sided_binomial_chance_with_even_odds(int k, int n, double p)
    {
        Assert.Equal(p, PairSummary.SignTest(k, n), 10);
    }

    [Fact]
    public void B_cheaper_in_every_one_of_six_rounds_is_a_verdict_with_the_means_and_each_round()
    {
        var summary = new PairSummary(Runs([0.30, 0.35, 0.40, 0.30, 0.32, 0.33], [0.25, 0.30, 0.33, 0.26, 0.27, 0.29]));
        var lines = summary.Lines().ToList();

        Assert.Equal(6, summary.BCheaper);
        Assert.True(summary.Decided);
        Assert.Equal(0.25 / 0.30, summary.Ratios[0], 10);
        Assert.Equal((0.30 + 0.35 + 0.40 + 0.30 + 0.32 + 0.33) / 6, summary.Mean('A', r => r.CpuMsPerTurn), 10);
        Assert.StartsWith("means: A 0.333 ms CPU a turn", lines[0], StringComparison.Ordinal);
        Assert.Contains("B 0.283 ms", lines[0], StringComparison.Ordinal);
        Assert.Contains("B/A by the means 0.850", lines[0], StringComparison.Ordinal);
        Assert.Equal("B/A round by round: 0.833, 0.857, 0.825, 0.867, 0.844, 0.879 (from 0.825 to 0.879)", lines[1]);
        Assert.Equal("B cheaper in 6 of 6 rounds; sign test, two-sided: p = 0.031", lines[2]);
        Assert.Equal("Verdict: B is cheaper than A (cheaper in 6 of 6 rounds, p = 0.031, under 5%); by the means B costs 85.0% of A's CPU a turn", lines[3]);
    }

    [Fact]
    public void B_dearer_in_eight_of_nine_rounds_is_a_verdict_the_other_way()
    {
        var summary = new PairSummary(Runs([1, 1, 1, 1, 1, 1, 1, 1, 1], [1.2, 1.1, 1.3, 0.9, 1.2, 1.1, 1.2, 1.1, 1.2]));

        Assert.Equal(1, summary.BCheaper);
        Assert.Equal(8, summary.ACheaper);
        Assert.StartsWith("Verdict: B costs more than A (dearer in 8 of 9 rounds, p = 0.039, under 5%)", summary.Lines().Last(), StringComparison.Ordinal);
    }

    [Fact]
    public void Five_of_six_rounds_show_no_difference_however_far_apart_the_means_are()
    {
        // One round on a busy spell: B's mean is far below A's, but the rounds do not agree.
        var summary = new PairSummary(Runs([0.3, 0.3, 0.3, 0.3, 0.3, 0.3], [0.1, 0.1, 0.1, 0.1, 0.1, 0.9]));
        var lines = summary.Lines().ToList();

        Assert.False(summary.Decided);
        Assert.Equal("B cheaper in 5 of 6 rounds; sign test, two-sided: p = 0.219", lines[2]);
        Assert.Equal("No difference shown: at 5%, 6 of 6 rounds would have to go the same way.", lines[3]);
    }

    [Fact]
    public void Fewer_than_six_rounds_cannot_give_a_verdict_and_say_so()
    {
        var summary = new PairSummary(Runs([0.3, 0.3, 0.3, 0.3, 0.3], [0.2, 0.2, 0.2, 0.2, 0.2]));

        Assert.False(summary.Decided);
        Assert.Equal("No difference shown: 5 rounds cannot show one at 5% whatever they find (6 or more are needed, all the same way).", summary.Lines().Last());
    }

    [Fact]
    public void A_tie_is_left_out_of_the_sign_test()
    {
        var summary = new PairSummary(Runs([0.3, 0.3, 0.3, 0.3, 0.3, 0.3, 0.3], [0.2, 0.2, 0.2, 0.3, 0.2, 0.2, 0.2]));
        var lines = summary.Lines().ToList();

        Assert.Equal(1, summary.Ties);
        Assert.Equal("B cheaper in 6 of 7 rounds, 1 a tie (left out); sign test, two-sided: p = 0.031", lines[2]);
        Assert.StartsWith("Verdict: B is cheaper than A (cheaper in 6 of 6 rounds", lines[3], StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(6, 6)]
    [InlineData(9, 8)]
    [InlineData(12, 10)]
    public void The_count_needed_for_a_verdict_is_the_fewest_under_five_per_cent(int rounds, int needed)
    {
        Assert.Equal(needed, PairSummary.NeededOf(rounds));
        Assert.True(PairSummary.SignTest(needed, rounds) < PairSummary.Level);
        Assert.True(PairSummary.SignTest(needed - 1, rounds) >= PairSummary.Level);
    }

    [Fact]
    public void The_bytes_allocated_a_turn_are_given_by_the_means_and_counted_round_by_round_when_the_services_said_them()
    {
        var runs = new List<PairRun>
        {
            new(1, 'A', 0.30, 3000, 20, KbPerTurn: 24.0), new(1, 'B', 0.31, 2900, 21, KbPerTurn: 23.0),
            new(2, 'B', 0.29, 3100, 19, KbPerTurn: 23.5), new(2, 'A', 0.30, 3000, 20, KbPerTurn: 24.5),
            new(3, 'A', 0.30, 3000, 20, KbPerTurn: 24.0), new(3, 'B', 0.30, 3000, 20, KbPerTurn: 24.5),
        };

        var line = new PairSummary(runs).AllocationLine();

        Assert.Equal("KB allocated a turn, by the means: A 24.17, B 23.67 (B/A 0.979); B allocated less in 2 of 3 rounds", line);
        Assert.Contains(line, new PairSummary(runs).Lines());
        Assert.Contains("24.00 KB allocated a turn", runs[0].ToString(), StringComparison.Ordinal);
        // Runs without the service's counts (a build without /metrics) print no such line, and no figure is made up.
        Assert.Null(new PairSummary(Runs([0.3, 0.3], [0.3, 0.3])).AllocationLine());
        Assert.DoesNotContain("KB", Runs([0.3], [0.3])[0].ToString(), StringComparison.Ordinal);
    }
}
