namespace CoProduction.Channels.Twilio;

/// <summary>
/// How calls to Twilio's REST API are retried and guarded ("Twilio:Resilience"). The defaults
/// suit Twilio's own advice: back off and retry on 429 (after its Retry-After), give up on an
/// attempt after 15 seconds, and stop asking for a while when most requests fail.
/// </summary>
public sealed class TwilioResilienceOptions
{
    /// <summary>Retries of one request after a refusal that is safe to repeat (429, 5xx, no connection).</summary>
    public int Retries { get; set; } = 3;

    /// <summary>The first retry waits about this long (with jitter); each next one about twice as long.</summary>
    public TimeSpan RetryDelay { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>The longest one retry waits, also when Twilio's Retry-After asks for longer.</summary>
    public TimeSpan MaxRetryDelay { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>One attempt is abandoned after this long. It is then never repeated: Twilio may have taken it.</summary>
    public TimeSpan AttemptTimeout { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>The circuit opens when at least this share of requests fails in <see cref="SamplingDuration"/>...</summary>
    public double FailureRatio { get; set; } = 0.5;

    /// <summary>...and at least this many requests were made in it.</summary>
    public int MinimumThroughput { get; set; } = 5;

    public TimeSpan SamplingDuration { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>While open, nothing is sent to Twilio; then one request tries whether it answers again.</summary>
    public TimeSpan BreakDuration { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Polly's own limits, so a wrong setting stops the start instead of failing on the first send.</summary>
    public bool IsValid =>
        Retries is >= 0 and <= 10
        && RetryDelay > TimeSpan.Zero && MaxRetryDelay >= RetryDelay
        && AttemptTimeout >= TimeSpan.FromMilliseconds(10) && AttemptTimeout <= TimeSpan.FromHours(1)
        && FailureRatio is > 0 and <= 1
        && MinimumThroughput >= 2
        && SamplingDuration >= TimeSpan.FromMilliseconds(500)
        && BreakDuration >= TimeSpan.FromMilliseconds(500);

    public const string InvalidMessage =
        "Twilio:Resilience settings are out of range: Retries 0 to 10, RetryDelay above 0 and at most MaxRetryDelay, "
        + "AttemptTimeout from 10 ms to 1 hour, FailureRatio above 0 and at most 1, MinimumThroughput at least 2, "
        + "SamplingDuration and BreakDuration at least 0.5 s";
}
