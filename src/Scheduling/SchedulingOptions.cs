namespace CoProduction.Scheduling;

/// <summary>Settings from the "Scheduling" section. Every one has a default that suits a small organisation.</summary>
public sealed class SchedulingOptions
{
    public const string Section = "Scheduling";

    /// <summary>Local time in each person's time zone after which nothing is sent ("21:00").</summary>
    public TimeOnly QuietHoursStart { get; set; } = new(21, 0);

    /// <summary>Local time before which nothing is sent ("09:00").</summary>
    public TimeOnly QuietHoursEnd { get; set; } = new(9, 0);

    /// <summary>For people imported without a time zone.</summary>
    public string DefaultTimeZone { get; set; } = "Europe/London";

    /// <summary>At most this many texts or calls a second from one sending number.</summary>
    public double MessagesPerSecond { get; set; } = 1;

    /// <summary>The number we send from (set from Twilio:PhoneNumber by the host); the rate limit is per number.</summary>
    public string? SendingNumber { get; set; }

    /// <summary>How many invitations a job reads or writes at a time.</summary>
    public int BatchSize { get; set; } = 500;

    /// <summary>Tries before an invitation is marked failed.</summary>
    public int MaxAttempts { get; set; } = 5;

    /// <summary>The first retry waits this long; each next one four times longer.</summary>
    public TimeSpan RetryBackoff { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>The survey used for yearly check-ins (its published version at the time).</summary>
    public string CheckinSurvey { get; set; } = "checkin";

    /// <summary>How long a check-in invitation stays open before it expires and the date moves on.</summary>
    public TimeSpan CheckinWindow { get; set; } = TimeSpan.FromDays(14);

    /// <summary>How long one dispatcher run keeps sending before it leaves the rest to the next run.</summary>
    public TimeSpan DispatchTimeBudget { get; set; } = TimeSpan.FromSeconds(55);

    /// <summary>
    /// How long an invitation may stay "sending" before the dispatcher takes it that the node
    /// sending it stopped, and sorts it out (see <see cref="Dispatch.InterruptedSends"/>).
    /// </summary>
    public TimeSpan StaleSendingAfter { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>
    /// With PostgreSQL job storage: how long a job lock (the dispatcher's one-at-a-time lock) left by a node
    /// that was killed holds before another node takes it over. Sending pauses for at most this long.
    /// </summary>
    public TimeSpan JobLockTimeout { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>Whether this node runs Hangfire jobs. Off in tests, which run jobs directly.</summary>
    public bool RunJobServer { get; set; } = true;

    /// <summary>Hangfire storage: Sqlite (its own file under the data folder), Postgres or InMemory; default follows Store:Provider.</summary>
    public string? JobStorage { get; set; }

    public const string QuietHoursError = "Scheduling:QuietHoursStart and Scheduling:QuietHoursEnd must be times like 21:00 and 09:00";
    public const string RateError = "Scheduling:MessagesPerSecond must be more than 0 and at most 100";
    public const string TimeZoneError = "Scheduling:DefaultTimeZone must be an IANA time zone like Europe/London";
    public const string JobLockError = "Scheduling:JobLockTimeout must be from 1 second to 1 hour, like 00:02:00";
    public const string BatchError = "Scheduling:BatchSize must be from 1 to 5000 and Scheduling:MaxAttempts from 1 to 20";

    /// <summary>1, 4, 16, 64... times the first backoff: a busy provider (or a person out) gets room.</summary>
    public TimeSpan BackoffAfter(int attempts) => RetryBackoff * Math.Pow(4, Math.Max(0, attempts - 1));

    public bool HasValidTimeZone => TimeZoneInfo.TryFindSystemTimeZoneById(DefaultTimeZone, out _);
}
