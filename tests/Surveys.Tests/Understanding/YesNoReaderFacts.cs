namespace CoProduction.Surveys.Tests.Understanding;

public class YesNoReaderFacts
{
    public static IEnumerable<object[]> Replies => ReplyTable.Load("yesno.tsv", "safe", "en").Concat(ReplyTable.Load("yesno-languages.tsv", "safe", "en"));

    [Theory]
    [MemberData(nameof(Replies))]
    public void Read_StoresTheExpectedValue_OrStaysUnclear(string reply, string expected, string question, string language, string row) =>
        AnswerAssert.ReadsAs(reply, expected, question, language, row);
}
