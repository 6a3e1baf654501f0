using CoProduction.Surveys.Loading;

namespace CoProduction.Surveys.Tests.Loading;

public sealed class YamlSizeTests
{
    [Fact]
    public void Parse_Reports40000UnknownKeys_AndTheRepeatedOne_WithoutComparingEachKeyWithAllBefore()
    {
        var keys = string.Concat(Enumerable.Range(0, 40_000).Select(i => $"k{i}: 1\n"));

        var result = SurveyFileParser.Parse(keys + "k7: 2\n");

        Assert.False(result.Succeeded);
        Assert.Contains(result.Errors, e => e.Message.Contains("'k7' is written twice") && e.Message.Contains("line 8"));
    }

    [Theory]
    [InlineData("\"Bye\\u0007\"", "U+0007")]
    [InlineData("\"Bye\\uFFFE\"", "U+FFFE")]
    [InlineData("\"Bye\\uFFFF\"", "U+FFFF")]
    [InlineData("\"Bye\\0\"", "U+0000")]
    public void Parse_RefusesWordingWithACharacterXmlCannotCarry_NamingTheLine(string outro, string named)
    {
        var yaml = $"id: ctl\ntitle: Control\nkeyword: CTLTEST\nintro: Hello\noutro: {outro}\nquestions:\n  - id: q\n    type: yesno\n    text: Fine?\n";

        var result = SurveyFileParser.Parse(yaml);

        Assert.False(result.Succeeded);
        Assert.Contains(result.Errors, e => e.Line == 5 && e.Message.Contains(named));
    }
}
