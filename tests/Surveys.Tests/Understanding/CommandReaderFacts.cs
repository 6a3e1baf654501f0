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

    public static IEnumerable<object[]> StopReplies => ReplyTable.Load("stop.tsv", "", "");

    [Theory]
    [MemberData(nameof(StopReplies))]
    public void Read_IsStopWithTheStandardKeyword_OnlyWhenTheReplyIsAWishToStop(string reply, string expected, string question, string language, string row)
    {
        _ = question; _ = language;
        var got = CommandReader.Read(reply);
        if (expected == "ANSWER")
        {
            Assert.True(got.Command != Command.Stop, $"{row}: '{reply}' is an answer, not STOP");
            return;
        }
        Assert.True(got.Command == Command.Stop, $"{row}: '{reply}' should be STOP, was {got.Command}");
        Assert.Equal(expected, got.Keyword);
    }

    [Fact]
    public void StopTable_CoversBothDirections_WithAtLeast150Rows()
    {
        var rows = StopReplies.ToList();
        Assert.True(rows.Count >= 150, $"only {rows.Count} rows");
        Assert.True(rows.Count(r => (string)r[1] == "ANSWER") >= 50, "too few answers that merely contain the word");
    }

    [Theory]
    [InlineData("START", "START")]
    [InlineData("start please", "START")]
    [InlineData("Unstop", "UNSTOP")]
    [InlineData("DECHRAU", "DECHRAU")]
    [InlineData("dechrau diolch", "DECHRAU")]
    public void Read_RecordsTheStartKeyword_NeverThePersonsWords(string reply, string keyword)
    {
        Assert.Equal(new CommandMatch(Command.Start, keyword), CommandReader.Read(reply));
    }

    [Theory]
    [InlineData("yes")]
    [InlineData("yes please")]
    [InlineData("subscribe")]
    [InlineData("ie")]
    public void Read_IsNotStart_ForAYesOrAnyOtherWord(string reply)
    {
        Assert.NotEqual(Command.Start, CommandReader.Recognize(reply));
    }

    [Theory]
    [InlineData("STOP")]
    [InlineData("stopio")]
    [InlineData("DECHRAU")]
    [InlineData("cymorth")]
    [InlineData("unsubscribe")]
    public void IsReserved_CoversEveryCommandWord(string word) => Assert.True(CommandReader.IsReserved(word));

    [Fact]
    public void Read_StaysFast_OnAVeryLongReplyOfCourtesyWords()
    {
        // The sets overlap ("thank you", "thank you very much"): a backtracking matcher could take
        // exponential time here. This only checks the answer; the time is the benchmark's business.
        var reply = string.Concat(Enumerable.Repeat("please thank you very much ", 2000)) + "stop texting me the bus";
        Assert.Equal(Command.None, CommandReader.Recognize(reply));
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
