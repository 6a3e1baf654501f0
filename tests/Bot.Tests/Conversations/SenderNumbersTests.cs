using System.Globalization;
using CoProduction.Bot.Conversations;

namespace CoProduction.Bot.Tests.Conversations;

public class SenderNumbersTests
{
    [Theory]
    [InlineData("+447400100200")]
    [InlineData("07400 100200")]
    [InlineData("+44 7400 100201")]
    [InlineData("not a number")]
    [InlineData("+44")]
    public void FromNetwork_AgreesWithThePhoneNumberLibrary_TheFirstTimeAndWhenRemembered(string raw)
    {
        var expected = Store.PhoneNumbers.FromNetwork(raw);

        Assert.Equal(expected, SenderNumbers.FromNetwork(raw));
        Assert.Equal(expected, SenderNumbers.FromNetwork(raw));
    }

    [Fact]
    public void FromNetwork_RemembersAtMostItsCapacity()
    {
        for (var i = 0; i < SenderNumbers.Capacity + 50; i++)
        {
            SenderNumbers.FromNetwork("+4474001" + i.ToString("D5", CultureInfo.InvariantCulture));
        }

        Assert.InRange(SenderNumbers.Count, 1, SenderNumbers.Capacity);
    }
}
