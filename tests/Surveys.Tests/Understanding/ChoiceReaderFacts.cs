namespace CoProduction.Surveys.Tests.Understanding;

public class ChoiceReaderFacts
{
    public static IEnumerable<object[]> Replies => ReplyTable.Load("choice.tsv", "matters", "en").Concat(ReplyTable.Load("choice-symbols.tsv", "matters", "en"));

    [Theory]
    [MemberData(nameof(Replies))]
    public void Read_StoresTheExpectedValue_OrStaysUnclear(string reply, string expected, string question, string language, string row) =>
        AnswerAssert.ReadsAs(reply, expected, question, language, row);
}
