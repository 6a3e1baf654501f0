using CoProduction.Store.Results.Export;

namespace CoProduction.Store.Tests.Results.Export;

public sealed class CellGuardTests
{
    [Theory]
    [InlineData("=HYPERLINK(\"http://x\",\"click\")", "'=HYPERLINK(\"http://x\",\"click\")")]
    [InlineData("+44 7700 900123", "'+44 7700 900123")]
    [InlineData("-cmd|' /C calc'!A0", "'-cmd|' /C calc'!A0")]
    [InlineData("@SUM(A1:A9)", "'@SUM(A1:A9)")]
    [InlineData("\t=1+1", "'\t=1+1")]
    [InlineData("\r=1+1", "'\r=1+1")]
    [InlineData("More visits = better", "More visits = better")]
    [InlineData("-2", "-2")]
    [InlineData("4", "4")]
    [InlineData("", "")]
    public void Neutralise_MakesFormulasText_AndLeavesEverythingElse(string cell, string expected)
    {
        Assert.Equal(expected, CellGuard.Neutralise(cell));
    }
}
