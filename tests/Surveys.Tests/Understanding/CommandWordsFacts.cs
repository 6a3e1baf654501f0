using CoProduction.Surveys.Understanding;

namespace CoProduction.Surveys.Tests.Understanding;

/// <summary>The word list file: a mistake in it names its line, and its format means what its header says.</summary>
public class CommandWordsFacts
{
    [Theory]
    [InlineData("[stop]\n@nowhere stop\n", "line 2: there is no set @nowhere")]
    [InlineData("@x: a\nstop\n", "line 2: a pattern before any [command]")]
    [InlineData("[halt]\nstop\n", "line 1: [halt] is not a command")]
    [InlineData("[stop]\nStop!\n", "line 2: 'Stop!' is not a plain lower-case word")]
    public void Parse_NamesTheLine_OfAMistakeInTheList(string text, string message)
    {
        var error = Assert.Throws<InvalidDataException>(() => CommandWords.Parse(text));
        Assert.Contains(message, error.Message);
    }

    [Fact]
    public void Parse_ReadsSetsRepeatsAndWholeReplyOnlyPatterns_AsTheHeaderSays()
    {
        var words = CommandWords.Parse("""
            @before: please
            @after: thanks | thank you
            @thing: texts | text messages
            [stop]
            keywords: STOP OPTOUT
            no more @thing
            stop @thing again*
            [stop alone]
            stop | opt out
            """.Replace("again*", "@again*") + "\n@again: again\n");
        var stop = words.For(Command.Stop);

        Assert.Equal(["STOP", "OPTOUT"], stop.Keywords);
        Assert.NotNull(stop.Sentence!.Match("please no more text messages thank you".Split(' ')));
        Assert.NotNull(stop.Sentence.Match("stop texts again again".Split(' ')));
        Assert.Null(stop.Sentence.Match("no more visits".Split(' ')));
        // Whole-reply patterns are not sentence patterns.
        Assert.Null(stop.Sentence.Match(["stop"]));
        Assert.Equal(["opt", "out"], stop.Whole!.Match("please opt out thanks".Split(' '))!);
    }
}
