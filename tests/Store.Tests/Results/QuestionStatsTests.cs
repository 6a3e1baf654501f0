using CoProduction.Store.Results;
using CoProduction.Surveys.Definitions;

namespace CoProduction.Store.Tests.Results;

/// <summary>Staff figures for one question against hand-computed ones.</summary>
public sealed class QuestionStatsTests
{
    private static QuestionResults Results(string counts)
    {
        var parsed = counts.Split(' ').Select(p => p.Split('=')).ToDictionary(p => p[0], p => int.Parse(p[1]));
        var answered = parsed.Where(p => p.Key is not ("unclear" or "skipped")).Sum(p => p.Value);
        return new QuestionResults("q", answered, parsed);
    }

    [Theory]
    // 1,2,2,4,4,4,5,5,5,5: mean 37/10 = 3.7; median of the 5th and 6th (4 and 4) = 4. 12 reached: 1 unclear, 1 skipped.
    [InlineData("1=1 2=2 4=3 5=4 unclear=1 skipped=1", 12, 3.7, 4.0, 8.333, 8.333)]
    // 3,10,10: mean 23/3; median 10.
    [InlineData("3=1 10=2", 3, 7.667, 10.0, 0.0, 0.0)]
    // An even count: 1 and 2, median halfway.
    [InlineData("1=1 2=1", 2, 1.5, 1.5, 0.0, 0.0)]
    // Nobody answered, two skipped: no mean, no median.
    [InlineData("skipped=2", 2, null, null, 0.0, 100.0)]
    public void From_ComputesMeanMedianAndShares_ForAScale(string counts, int reached, double? mean, double? median, double unclear, double skipped)
    {
        var stats = QuestionStats.From(Results(counts), QuestionType.Scale);

        Assert.Equal(reached, stats.Reached);
        Assert.Equal(mean, stats.Mean is { } m ? Math.Round(m, 3) : null);
        Assert.Equal(median, stats.Median);
        Assert.Equal(unclear, Math.Round(stats.UnclearPercent, 3));
        Assert.Equal(skipped, Math.Round(stats.SkippedPercent, 3));
    }

    [Fact]
    public void From_GivesSharesOfEveryoneWhoReachedTheQuestion_AndNoMeanForChoices()
    {
        // 12 of 30 chose friends: 40%; 15 work: 50%; 3 unclear: 10%.
        var stats = QuestionStats.From(Results("friends=12 work=15 unclear=3"), QuestionType.Choice);

        Assert.Equal([new("friends", 12, 40.0), new("work", 15, 50.0)], stats.Answers);
        Assert.Equal(10.0, stats.UnclearPercent);
        Assert.Null(stats.Mean);
        Assert.Null(stats.Median);
    }
}
