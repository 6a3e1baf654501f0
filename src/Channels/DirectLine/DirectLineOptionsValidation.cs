namespace CoProduction.Channels.DirectLine;

/// <summary>
/// Checks on <see cref="DirectLineOptions"/>, each with the message shown when the service
/// refuses to start, so a wrong setting is named rather than failing on the first chat.
/// </summary>
public static class DirectLineOptionsValidation
{
    /// <summary>Long enough that guessing it is hopeless; the local secret has 32 characters.</summary>
    public const int MinimumSecretLength = 16;

    public const string SecretMessage =
        "DirectLine:Secret must be set and at least 16 characters long (leave it out of the configuration and the host makes a local one)";
    public const string TokenLifetimeMessage = "DirectLine:TokenLifetime must be between 1 minute and 24 hours, like 00:30:00";
    public const string AllowedOriginsMessage =
        "DirectLine:AllowedOrigins must be web origins with no path, like https://www.example.org";
    public const string RateLimitMessage = "DirectLine:TokenRequestsPerMinute must be a whole number from 1 to 10000";
    public const string MessageRateMessage = "DirectLine:MessagesPerMinute must be a whole number from 1 to 10000";
    public const string IdleLifetimeMessage = "DirectLine:ConversationIdleLifetime must be between 10 minutes and 30 days";
    public const string KeepAliveMessage = "DirectLine:KeepAliveInterval must be between 1 second and 5 minutes";
    public const string BotMessage = "DirectLine:BotId and DirectLine:BotName must not be empty";

    public static bool IsValidSecret(string? secret) =>
        !string.IsNullOrWhiteSpace(secret) && secret.Trim().Length >= MinimumSecretLength;

    public static bool IsValidTokenLifetime(TimeSpan lifetime) =>
        lifetime >= TimeSpan.FromMinutes(1) && lifetime <= TimeSpan.FromHours(24);

    public static bool IsValidOrigins(string[]? origins) =>
        origins is null || origins.All(IsValidOrigin);

    public static bool IsValidOrigin(string origin) =>
        Uri.TryCreate(origin, UriKind.Absolute, out var uri)
        && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps)
        && uri.AbsolutePath == "/"
        && string.IsNullOrEmpty(uri.Query)
        && string.IsNullOrEmpty(uri.Fragment)
        && string.IsNullOrEmpty(uri.UserInfo);

    public static bool IsValidRateLimit(int perMinute) => perMinute is >= 1 and <= 10_000;

    public static bool IsValidIdleLifetime(TimeSpan lifetime) =>
        lifetime >= TimeSpan.FromMinutes(10) && lifetime <= TimeSpan.FromDays(30);

    public static bool IsValidKeepAlive(TimeSpan interval) =>
        interval >= TimeSpan.FromSeconds(1) && interval <= TimeSpan.FromMinutes(5);

    public static bool IsValidBot(DirectLineOptions options) =>
        !string.IsNullOrWhiteSpace(options.BotId) && !string.IsNullOrWhiteSpace(options.BotName);
}
