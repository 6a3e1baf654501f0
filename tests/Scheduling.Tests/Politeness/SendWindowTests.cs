using CoProduction.Scheduling.Politeness;

namespace CoProduction.Scheduling.Tests.Politeness;

public class SendWindowTests
{
    private static readonly DateTimeOffset Start = new(2026, 3, 2, 9, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Earliest_IsAnyTime_WhileTheLastSecondHasRoom()
    {
        var window = new SendWindow(10);
        for (var i = 0; i < 4; i++) window.Record(Start.AddMilliseconds(100 * i), 2);

        Assert.Equal(DateTimeOffset.MinValue, window.Earliest());
    }

    [Fact]
    public void Earliest_HoldsTheNextSend_UntilTheSecondItWouldOverfillHasPassed()
    {
        // 10 a second, two texts a send: five sends fill a second.
        var window = new SendWindow(10);
        // The first send went 150 ms late; the next four went on their slots.
        window.Record(Start.AddMilliseconds(150), 2);
        for (var i = 1; i < 5; i++) window.Record(Start.AddMilliseconds(200 * i), 2);

        // The sixth's slot is 1,000 ms, but then [150, 1150) would hold 12: it waits for 1,150.
        Assert.Equal(Start.AddMilliseconds(1150), window.Earliest());
    }

    [Fact]
    public void Earliest_CountsTheLargestSendSoFar_SoItsSecondTextFitsToo()
    {
        var window = new SendWindow(4);
        window.Record(Start, 1);
        window.Record(Start.AddMilliseconds(250), 1);
        window.Record(Start.AddMilliseconds(500), 2);

        // Four messages in [0, 1000): a send of two more must wait until the first two are a second old.
        Assert.Equal(Start.AddMilliseconds(1250), window.Earliest());
    }
}
