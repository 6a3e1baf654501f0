namespace CoProduction.Scheduling.Politeness;

/// <summary>
/// Nothing is sent between <see cref="Start"/> and <see cref="End"/> in the person's own time zone
/// (default 21:00 to 09:00). A window that crosses midnight is the usual case; Start == End means none.
/// </summary>
public sealed record QuietHours(TimeOnly Start, TimeOnly End)
{
    public bool IsQuiet(TimeOnly local) =>
        Start == End ? false
        : Start > End ? local >= Start || local < End
        : local >= Start && local < End;

    /// <summary><paramref name="now"/> when it is not quiet for the person, else the instant quiet hours end for them.</summary>
    public DateTimeOffset NextAllowed(DateTimeOffset now, TimeZoneInfo zone)
    {
        var local = LocalTime.LocalOf(now, zone);
        var time = TimeOnly.FromDateTime(local);
        if (!IsQuiet(time)) return now;

        var date = DateOnly.FromDateTime(local);
        // Late evening: quiet hours end tomorrow morning. Small hours: this morning.
        if (Start > End && time >= Start) date = date.AddDays(1);
        var end = LocalTime.ToInstant(date, End, zone);
        return end > now ? end : now;
    }
}
