namespace CoProduction.Surveys.Tests.Understanding;

public class ScaleReaderFacts
{
    public static IEnumerable<object[]> ScaleReplies => ReplyTable.Load("scale.tsv", "happy", "en");
    public static IEnumerable<object[]> NumberReplies => ReplyTable.Load("number.tsv", "visits", "en");

    [Theory]
    [MemberData(nameof(ScaleReplies))]
    public void Read_StoresTheNumber_OrStaysUnclear_ForScaleReplies(string reply, string expected, string question, string language, string row) =>
        AnswerAssert.ReadsAs(reply, expected, question, language, row);

    [Theory]
    [MemberData(nameof(NumberReplies))]
    public void Read_StoresTheNumber_OrStaysUnclear_ForNumberReplies(string reply, string expected, string question, string language, string row) =>
        AnswerAssert.ReadsAs(reply, expected, question, language, row);
}
