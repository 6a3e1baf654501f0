namespace CoProduction.Surveys.Tests.Understanding;

public class DateReaderFacts
{
    public static IEnumerable<object[]> Replies => ReplyTable.Load("date.tsv", "when", "en").Concat(ReplyTable.Load("date-formats.tsv", "when", "en"));

    [Theory]
    [MemberData(nameof(Replies))]
    public void Read_StoresTheExpectedValue_OrStaysUnclear(string reply, string expected, string question, string language, string row) =>
        AnswerAssert.ReadsAs(reply, expected, question, language, row);
}
