namespace CoProduction.Channels.Twilio;

/// <summary>
/// Settings from the "Twilio" configuration section. Every value is optional so that the
/// service starts with no configuration at all (local outbox, local development token).
/// </summary>
public sealed class TwilioOptions
{
    public const string SectionName = "Twilio";

    public string? AccountSid { get; set; }

    /// <summary>
    /// Signs webhooks and authenticates REST calls. When unset, the host sets a local
    /// development token (<see cref="LocalDevelopmentToken"/>), because the signature check
    /// is never switched off.
    /// </summary>
    public string? AuthToken { get; set; }

    /// <summary>Our own number in E.164 form; the sender of outgoing texts.</summary>
    public string? PhoneNumber { get; set; }

    /// <summary>
    /// The public URL Twilio calls (and signs), e.g. "https://surveys.example.org". Needed
    /// behind a reverse proxy or tunnel, where the URL the app sees differs from the one
    /// Twilio signed.
    /// </summary>
    public string? PublicBaseUrl { get; set; }

    /// <summary>
    /// Where Twilio's REST API answers. Only tests (a fake Twilio) and regional set-ups change it;
    /// requests keep their path and go to this scheme, host and port.
    /// </summary>
    public string ApiBaseUrl { get; set; } = DefaultApiBaseUrl;

    public const string DefaultApiBaseUrl = "https://api.twilio.com";

    /// <summary>Retries, timeouts and the circuit breaker around every REST call.</summary>
    public TwilioResilienceOptions Resilience { get; set; } = new();

    /// <summary>Leave unset to get <see cref="EffectiveSendMode"/>'s default.</summary>
    public TwilioSendMode? SendMode { get; set; }

    /// <summary>
    /// The configured send mode, or by default Twilio when an account id and token are set
    /// and the local outbox otherwise. A development token alone never sends real texts,
    /// because it comes with no account id.
    /// </summary>
    public TwilioSendMode EffectiveSendMode =>
        SendMode ?? (HasText(AccountSid) && HasText(AuthToken) ? TwilioSendMode.Twilio : TwilioSendMode.Outbox);

    private static bool HasText(string? value) => !string.IsNullOrWhiteSpace(value);
}
