using CoProduction.Scheduling.Politeness;

namespace CoProduction.Scheduling.Tests.Politeness;

public class SendWindowTests
{
    private static readonly DateTimeOffset Start = new(2026, 3, 2, 9, 0, 0, TimeSpan.Zero);
    private static readonly TimeSpan Second = TimeSpan.FromSeconds(1) + SendWindow.ClockAllowance;

    private static (DateTimeOffset, int)[] Ended(params (int Ms, int Messages)[] sends) =>
        sends.Select(s => (Start.AddMilliseconds(s.Ms), s.Messages)).ToArray();

    [Fact]
    public void Earliest_IsAnyTime_WhileTheLastSecondHasRoom()
    {
        Assert.Equal(DateTimeOffset.MinValue, SendWindow.Earliest(10, Ended((0, 2), (100, 2), (200, 2), (300, 2)), underWay: 0, messages: 2));
    }

    [Fact]
    public void Earliest_HoldsTheNextSend_UntilTheSecondItWouldOverfillHasPassed()
    {
        // 10 a second, two texts a send: five sends fill a second. The first ended 150 ms late.
        var ended = Ended((150, 2), (200, 2), (400, 2), (600, 2), (800, 2));

        // From its slot at 1,000 ms, [150, 1150) would hold 12: it waits until that send is a second old.
        Assert.Equal(Start.AddMilliseconds(150) + Second, SendWindow.Earliest(10, ended, underWay: 0, messages: 2));
    }

    [Fact]
    public void Earliest_CountsEveryMessageOfTheNewSend()
    {
        var ended = Ended((0, 1), (250, 1), (500, 2));

        // Four in [0, 1000): a send of two must wait until the first two are a second old; a send of one, the first.
        Assert.Equal(Start.AddMilliseconds(250) + Second, SendWindow.Earliest(4, ended, underWay: 0, messages: 2));
        Assert.Equal(Start + Second, SendWindow.Earliest(4, ended, underWay: 0, messages: 1));
    }

    [Fact]
    public void SendsStillUnderWay_CountAsGoingNow_AndWhenTheyFillTheSecondThereIsNoTimeYet()
    {
        Assert.Equal(Start + Second, SendWindow.Earliest(4, Ended((0, 1), (100, 1)), underWay: 2, messages: 1));
        Assert.Null(SendWindow.Earliest(4, [], underWay: 3, messages: 2));
    }

    [Theory]
    [InlineData(0.5, 1)]
    [InlineData(1, 1)]
    [InlineData(50, 50)]
    [InlineData(2.9, 2)]
    public void Most_IsTheWholeMessagesASecond_AndAtLeastOne(double rate, int most) => Assert.Equal(most, SendWindow.Most(rate));
}
