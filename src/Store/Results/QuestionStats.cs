using System.Globalization;
using CoProduction.Surveys.Definitions;

namespace CoProduction.Store.Results;

/// <summary>One answer's count and its share of the people who reached the question.</summary>
public sealed record AnswerShare(string Key, int Count, double Percent);

/// <summary>
/// The figures staff and the board read for one question: counts and percentages (of everyone
/// who reached it, so unclear and skipped add up with the answers to 100%), mean and median for
/// scale and number questions, and the shares unclear and skipped.
/// </summary>
public sealed record QuestionStats(
    string Id,
    int Reached,
    IReadOnlyList<AnswerShare> Answers,
    double? Mean,
    double? Median,
    double UnclearPercent,
    double SkippedPercent)
{
    public static QuestionStats From(QuestionResults results, QuestionType? type)
    {
        var unclear = results.Counts.GetValueOrDefault(ResultsQuery.Unclear);
        var skipped = results.Counts.GetValueOrDefault(ResultsQuery.Skipped);
        var reached = results.Answered + unclear + skipped;
        double Percent(int n) => reached == 0 ? 0 : 100.0 * n / reached;

        var answers = results.Counts
            .Where(c => c.Key is not (ResultsQuery.Unclear or ResultsQuery.Skipped))
            .Select(c => new AnswerShare(c.Key, c.Value, Percent(c.Value)))
            .ToList();

        double? mean = null, median = null;
        if (type is QuestionType.Scale or QuestionType.Number)
        {
            var values = answers
                .Select(a => (Ok: double.TryParse(a.Key, NumberStyles.Number, CultureInfo.InvariantCulture, out var v), Value: v, a.Count))
                .Where(v => v.Ok && v.Count > 0)
                .OrderBy(v => v.Value)
                .Select(v => (v.Value, v.Count))
                .ToList();
            var n = values.Sum(v => v.Count);
            if (n > 0)
            {
                mean = values.Sum(v => v.Value * v.Count) / n;
                median = (Nth(values, (n - 1) / 2) + Nth(values, n / 2)) / 2;
            }
        }
        return new QuestionStats(results.Id, reached, answers, mean, median, Percent(unclear), Percent(skipped));
    }

    /// <summary>The value at 0-based position <paramref name="index"/> of the sorted answers, without listing them one by one.</summary>
    private static double Nth(List<(double Value, int Count)> values, int index)
    {
        foreach (var (value, count) in values)
        {
            if (index < count) return value;
            index -= count;
        }
        throw new ArgumentOutOfRangeException(nameof(index));
    }
}
