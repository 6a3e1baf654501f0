using CoProduction.Scheduling.Politeness;

namespace CoProduction.Scheduling.Tests.Politeness;

public sealed class QuietHoursTests
{
    private static readonly QuietHours Default = new(new TimeOnly(21, 0), new TimeOnly(9, 0));
    private static TimeZoneInfo Zone(string id) => TimeZoneInfo.FindSystemTimeZoneById(id);

    [Theory]
    // London in winter (UTC+0): 22:00 UTC is quiet until 09:00 UTC next day.
    [InlineData("Europe/London", "2026-01-15T22:00:00Z", "2026-01-16T09:00:00Z")]
    // London in summer (UTC+1): 07:30 UTC is 08:30 local, quiet until 08:00 UTC.
    [InlineData("Europe/London", "2026-07-15T07:30:00Z", "2026-07-15T08:00:00Z")]
    // Noon in London is fine.
    [InlineData("Europe/London", "2026-07-15T12:00:00Z", "2026-07-15T12:00:00Z")]
    // Noon UTC is 01:00 the next day in Auckland (UTC+13 in January): quiet until 09:00 there = 20:00 UTC.
    [InlineData("Pacific/Auckland", "2026-01-15T12:00:00Z", "2026-01-15T20:00:00Z")]
    // 02:00 UTC is 21:00 the day before in New York (UTC-5): quiet until 09:00 there = 14:00 UTC.
    [InlineData("America/New_York", "2026-01-15T02:00:00Z", "2026-01-15T14:00:00Z")]
    public void NextAllowed_IsTheEndOfQuietHours_InThePersonsOwnTimeZone(string zone, string now, string expected)
    {
        var next = Default.NextAllowed(DateTimeOffset.Parse(now), Zone(zone));
        Assert.Equal(DateTimeOffset.Parse(expected), next);
    }

    [Fact]
    public void NextAllowed_IsNineLocalTime_OnTheMorningTheClocksGoForward()
    {
        // London, Sunday 29 March 2026: clocks go from 01:00 to 02:00 UTC+1. 00:30 UTC is quiet;
        // 09:00 local that morning is 08:00 UTC, not 09:00.
        var next = Default.NextAllowed(DateTimeOffset.Parse("2026-03-29T00:30:00Z"), Zone("Europe/London"));
        Assert.Equal(DateTimeOffset.Parse("2026-03-29T08:00:00Z"), next);
    }

    [Fact]
    public void NextAllowed_IsNineLocalTime_OnTheMorningTheClocksGoBack()
    {
        // London, Sunday 25 October 2026: back to UTC+0 at 02:00 local. 09:00 local is 09:00 UTC.
        var next = Default.NextAllowed(DateTimeOffset.Parse("2026-10-24T21:30:00Z"), Zone("Europe/London"));
        Assert.Equal(DateTimeOffset.Parse("2026-10-25T09:00:00Z"), next);
    }

    [Fact]
    public void ToInstant_MovesATimeSkippedByTheClockChange_ToTheFirstMomentAfterIt()
    {
        var instant = LocalTime.ToInstant(new DateOnly(2026, 3, 29), new TimeOnly(1, 30), Zone("Europe/London"));
        Assert.Equal(DateTimeOffset.Parse("2026-03-29T01:00:00Z"), instant);
    }

    [Fact]
    public void ToInstant_TakesTheFirstOfTwo_WhenTheClockChangeRepeatsATime()
    {
        var instant = LocalTime.ToInstant(new DateOnly(2026, 10, 25), new TimeOnly(1, 30), Zone("Europe/London"));
        Assert.Equal(DateTimeOffset.Parse("2026-10-25T00:30:00Z"), instant);
    }

    [Theory]
    [InlineData("20:59", false)]
    [InlineData("21:00", true)]
    [InlineData("03:00", true)]
    [InlineData("08:59", true)]
    [InlineData("09:00", false)]
    public void IsQuiet_CoversTheWindowAcrossMidnight(string local, bool quiet) =>
        Assert.Equal(quiet, Default.IsQuiet(TimeOnly.Parse(local)));

    [Fact]
    public void IsQuiet_IsNeverTrue_WhenStartEqualsEnd() =>
        Assert.False(new QuietHours(new TimeOnly(9, 0), new TimeOnly(9, 0)).IsQuiet(new TimeOnly(3, 0)));
}
