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

    [Fact]
    public void ToE164_UsesTheDefaultRegionForNumbersWithoutACountryCode()
    {
        Assert.Equal("+14155550100", PhoneNumbers.ToE164("(415) 555-0100", "US"));
    }
}
