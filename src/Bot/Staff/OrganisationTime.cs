using System.Globalization;

namespace CoProduction.Bot.Staff;

/// <summary>Settings from the "Organisation" section.</summary>
public sealed class OrganisationOptions
{
    /// <summary>IANA time zone that staff enter and read times in (rounds opening and closing).</summary>
    public string TimeZone { get; set; } = "Europe/London";
}

/// <summary>
/// Times as staff think of them: on the organisation's clock, summer time included. The store
/// keeps UTC; pages take and show local times. A local time the clocks skip (01:30 on the last
/// Sunday in March in London) or pass twice (01:30 on the last Sunday in October) is refused
/// with a plain reason rather than guessed.
/// </summary>
public sealed class OrganisationTime(Microsoft.Extensions.Options.IOptions<OrganisationOptions> options)
{
    public TimeZoneInfo Zone { get; } = TimeZoneInfo.FindSystemTimeZoneById(options.Value.TimeZone);

    public DateTimeOffset Now(TimeProvider time) => TimeZoneInfo.ConvertTime(time.GetUtcNow(), Zone);

    /// <summary>The moment a local date and time mean, or the reason it means none or two.</summary>
    public (DateTimeOffset? At, string? Problem) ToUtc(DateOnly date, TimeOnly time)
    {
        var local = date.ToDateTime(time, DateTimeKind.Unspecified);
        if (Zone.IsInvalidTime(local))
            return (null, $"{Show(date, time)} does not happen: the clocks go forward that night. Choose a time an hour later.");
        if (Zone.IsAmbiguousTime(local))
            return (null, $"{Show(date, time)} happens twice: the clocks go back that night. Choose a time after 2am.");
        return (new DateTimeOffset(local, Zone.GetUtcOffset(local)).ToUniversalTime(), null);
    }

    /// <summary>"Sun 29 Mar 2026, 09:00 British Summer Time": the zone is named so nobody wonders.</summary>
    public string Show(DateTimeOffset at)
    {
        var local = TimeZoneInfo.ConvertTime(at, Zone);
        return local.ToString("ddd d MMM yyyy, HH:mm", CultureInfo.GetCultureInfo("en-GB")) + " " + ZoneName(local);
    }

    public string ZoneName(DateTimeOffset local) => Zone.IsDaylightSavingTime(local) ? Zone.DaylightName : Zone.StandardName;

    private static string Show(DateOnly date, TimeOnly time) =>
        date.ToString("d MMMM yyyy", CultureInfo.GetCultureInfo("en-GB")) + " at " + time.ToString("HH:mm", CultureInfo.InvariantCulture);
}

public static class OrganisationTimeServices
{
    public static IServiceCollection AddOrganisationTime(this IServiceCollection services)
    {
        services.AddOptions<OrganisationOptions>()
            .BindConfiguration("Organisation")
            .Validate(o => TimeZoneInfo.TryFindSystemTimeZoneById(o.TimeZone ?? "", out _), "Organisation:TimeZone must be an IANA time zone like Europe/London")
            .ValidateOnStart();
        services.AddSingleton<OrganisationTime>();
        return services;
    }
}
