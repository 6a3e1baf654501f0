using CoProduction.Surveys.Understanding;

namespace CoProduction.Surveys.Tests.Understanding;

/// <summary>The readers share one set of recognizer models across every conversation at once.</summary>
public class ConcurrencyFacts
{
    [Fact]
    public void Read_GivesTheSameAnswers_WhenManyConversationsReadAtOnce()
    {
        var cases = new[]
        {
            ("happy", "I'd say a 4"), ("happy", "four out of five"), ("visits", "twenty one"), ("safe", "yes pls"),
            ("matters", "the second one"), ("when", "next tuesday"), ("when", "14/3"), ("when", "in 2 weeks"),
            ("happy", "3 or 4"), ("when", "monday or tuesday"), ("change", "more staff"),
        };
        var expected = cases.Select(c => Read(c)).ToArray();

        var results = new AnswerResult[cases.Length * 200];
        Parallel.For(0, results.Length, new ParallelOptions { MaxDegreeOfParallelism = 16 },
            i => results[i] = Read(cases[i % cases.Length]));

        for (var i = 0; i < results.Length; i++)
            Assert.Equal(expected[i % cases.Length], results[i]);
    }

    private static AnswerResult Read((string Question, string Reply) c) =>
        AnswerReader.Read(SampleQuestions.Get(c.Question), c.Reply, "en", SampleQuestions.Today);
}
