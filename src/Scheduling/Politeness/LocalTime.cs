namespace CoProduction.Scheduling.Politeness;

/// <summary>Wall-clock times in a person's time zone, turned into instants the right way round the clock changes.</summary>
public static class LocalTime
{
    /// <summary>The time zone for an IANA id, or the fallback when the id is empty or unknown.</summary>
    public static TimeZoneInfo ZoneOrDefault(string? ianaId, string fallback) =>
        !string.IsNullOrWhiteSpace(ianaId) && TimeZoneInfo.TryFindSystemTimeZoneById(ianaId, out var zone) ? zone
        : TimeZoneInfo.TryFindSystemTimeZoneById(fallback, out var dflt) ? dflt
        : TimeZoneInfo.Utc;

    /// <summary>
    /// The instant a local date and time happens in <paramref name="zone"/>. A time skipped when the
    /// clocks go forward means the first moment after the gap; a time that happens twice when they
    /// go back means the first of the two.
    /// </summary>
    public static DateTimeOffset ToInstant(DateOnly date, TimeOnly time, TimeZoneInfo zone)
    {
        var local = date.ToDateTime(time, DateTimeKind.Unspecified);
        if (zone.IsInvalidTime(local))
        {
            // Gaps are whole minutes; step to the first minute that exists.
            var step = local;
            while (zone.IsInvalidTime(step)) step = step.AddMinutes(1);
            local = step;
        }
        var offset = zone.IsAmbiguousTime(local) ? zone.GetAmbiguousTimeOffsets(local).Max() : zone.GetUtcOffset(local);
        return new DateTimeOffset(local, offset).ToUniversalTime();
    }

    public static DateTime LocalOf(DateTimeOffset instant, TimeZoneInfo zone) => TimeZoneInfo.ConvertTime(instant, zone).DateTime;
}
