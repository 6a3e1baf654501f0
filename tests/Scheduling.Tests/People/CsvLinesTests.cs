using CoProduction.Scheduling.People;

namespace CoProduction.Scheduling.Tests.People;

public sealed class CsvLinesTests
{
    private static IReadOnlyList<IReadOnlyList<string>> Read(string csv) => CsvLines.Read(new StringReader(csv)).Select(r => r.Fields).ToList();

    [Theory]
    [InlineData("a\"b\"c,d", "a\"b\"c")]
    [InlineData("\"ab\"c\"d\",e", "abc\"d\"")]
    [InlineData("  \"quoted, with comma\",x", "quoted, with comma")]
    [InlineData("\"say \"\"hi\"\"\",x", "say \"hi\"")]
    public void Read_KeepsQuotesThatDoNotOpenAField_AsText(string csv, string first)
    {
        Assert.Equal(first, Read(csv).Single()[0]);
    }

    [Fact]
    public void Read_ReadsALongFieldFullOfQuotes_Whole()
    {
        // 160 KB of text and quotes in one field: each quote used to re-read the whole field so far.
        var field = string.Concat(Enumerable.Repeat("ab\"", 55_000));

        var fields = Read("\"x\"" + field + ",next\n").Single();

        Assert.Equal("x" + field, fields[0]);
        Assert.Equal("next", fields[1]);
    }
}
