namespace CoProduction.Store.Tests;

public sealed class PhoneNumbersTests
{
    [Theory]
    [InlineData("07700 900123", "+447700900123")]
    [InlineData("+44 7700 900123", "+447700900123")]
    [InlineData("+447700900123", "+447700900123")]
    [InlineData("(020) 7946 0018", "+442079460018")]
    [InlineData("+1 415 555 0100", "+14155550100")]
    [InlineData("hello", null)]
    [InlineData("123", null)]
    [InlineData("", null)]
    [InlineData("   ", null)]
    [InlineData("07700 90012", null)]
    public void ToE164_GivesTheE164FormOfValidNumbersOnly(string raw, string? expected)
    {
        Assert.Equal(expected, PhoneNumbers.ToE164(raw));
    }

    [Theory]
    [InlineData("07400 100200", "+447400100200")]
    [InlineData("+44 7400 100201", "+447400100201")]
    [InlineData("not a number", null)]
    [InlineData("+44", null)]
    public void FromNetwork_GivesTheSameAnswerWhenTheNumberTextsAgain(string raw, string? expected)
    {
        Assert.Equal(expected, PhoneNumbers.FromNetwork(raw));
        Assert.Equal(expected, PhoneNumbers.FromNetwork(raw));
    }

    [Fact]
    public void FromNetwork_RemembersANumberPerRegion_NotTheFirstRegionsAnswerForBoth()
    {
        Assert.Equal("+444155550199", PhoneNumbers.FromNetwork("(415) 555-0199"));
        Assert.Equal("+14155550199", PhoneNumbers.FromNetwork("(415) 555-0199", "US"));
    }

    [Fact]
    public void FromNetwork_KeepsAtMostItsLimitOfNumbers_WhoeverTexts()
    {
        for (var i = 0; i < PhoneNumbers.RecentLimit + 50; i++)
        {
            PhoneNumbers.FromNetwork("+4474002" + i.ToString("D5", System.Globalization.CultureInfo.InvariantCulture));
        }

        Assert.InRange(PhoneNumbers.RecentCount, 1, PhoneNumbers.RecentLimit);
    }

    [Fact]
    public void ToE164_UsesTheDefaultRegionForNumbersWithoutACountryCode()
    {
        Assert.Equal("+14155550100", PhoneNumbers.ToE164("(415) 555-0100", "US"));
    }

    [Theory]
    [InlineData("+447700901234", "+447700901234")]
    [InlineData("+447911123456", "+447911123456")]
    [InlineData("+447700900123", "+447700900123")]
    [InlineData("07700 901234", "+447700901234")]
    [InlineData("+14155550100", "+14155550100")]
    [InlineData("+44123", null)]
    [InlineData("+4477009001234567", null)]
    [InlineData("client:alice", null)]
    [InlineData("", null)]
    public void FromNetwork_AcceptsEveryPossibleNumber_EvenWhereTheLibraryCallsTheRangeUnallocated(string raw, string? expected)
    {
        Assert.Equal(expected, PhoneNumbers.FromNetwork(raw));
    }

    [Fact]
    public void ToE164_StaysStrict_ForStaffImports()
    {
        Assert.Null(PhoneNumbers.ToE164("+447700901234"));
    }
}
