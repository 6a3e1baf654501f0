using CoProduction.Surveys.Understanding;

namespace CoProduction.Surveys.Tests.Understanding;

public class CommandReaderFacts
{
    public static IEnumerable<object[]> Replies => ReplyTable.Load("commands.tsv", "", "");

    [Theory]
    [MemberData(nameof(Replies))]
    public void Recognize_FindsTheCommand_OnlyWhenTheWholeReplyIsOne(string reply, string expected, string question, string language, string row)
    {
        _ = question; _ = language;
        var want = Enum.Parse<Command>(expected);
        var got = CommandReader.Recognize(reply);
        Assert.True(want == got, $"{row}: '{reply}' should be {want}, was {got}");
    }

    [Fact]
    public void Recognize_NeverTakesAnUnderstoodAnswerAsStop()
    {
        // Every reply the answer tables understand must also be safe from the STOP check that runs first.
        var files = new[] { ("scale.tsv", "happy"), ("number.tsv", "visits"), ("yesno.tsv", "safe"), ("choice.tsv", "matters"), ("date.tsv", "when"), ("text.tsv", "change") };
        var checkedCount = 0;
        foreach (var (file, question) in files)
        {
            foreach (var row in ReplyTable.Load(file, question, "en"))
            {
                if ((string)row[1] == ReplyTable.Unclear) continue;
                Assert.True(CommandReader.Recognize((string)row[0]) != Command.Stop, $"{row[4]}: '{row[0]}' is an answer, not STOP");
                checkedCount++;
            }
        }
        Assert.True(checkedCount > 100, $"only {checkedCount} answers checked");
    }
}
