namespace CoProduction.Channels.DirectLine;

/// <summary>
/// Settings from the "DirectLine" configuration section. Everything has a safe default so the
/// service starts with no configuration: the host fills <see cref="Secret"/> from
/// <see cref="LocalDirectLineSecret"/> when it is unset.
/// </summary>
public sealed class DirectLineOptions
{
    public const string SectionName = "DirectLine";

    /// <summary>
    /// The Direct Line secret, as on Azure: only a server may hold it (it mints tokens and
    /// reaches every conversation). Token signing keys are derived from it, so changing it
    /// invalidates every token in circulation.
    /// </summary>
    public string? Secret { get; set; }

    /// <summary>
    /// How long a token works (Azure: 30 minutes). Web Chat refreshes at half this, and
    /// directlinejs assumes 30 minutes, so shorten it only with a client that refreshes sooner.
    /// </summary>
    public TimeSpan TokenLifetime { get; set; } = TimeSpan.FromMinutes(30);

    /// <summary>
    /// Origins (scheme, host and port, like "https://www.example.org") whose pages may call the
    /// endpoints from a browser. Empty: only pages served by this app (same origin).
    /// </summary>
    public string[] AllowedOrigins { get; set; } = [];

    /// <summary>
    /// Token generations and conversation starts allowed per client IP address per minute. Each
    /// one creates a conversation, so this bounds how fast one client can fill the memory. A chat
    /// page uses two (its token, then its conversation), and a care home's residents may all
    /// share one address: 30 lets fifteen of them open the chat in the same minute.
    /// </summary>
    public int TokenRequestsPerMinute { get; set; } = 30;

    /// <summary>
    /// Activities one conversation may post per minute. A person answering a survey sends a few;
    /// a script sending thousands would otherwise run the bot and fill the store as fast as it can.
    /// </summary>
    public int MessagesPerMinute { get; set; } = 60;

    /// <summary>A conversation nobody has written to for this long is forgotten.</summary>
    public TimeSpan ConversationIdleLifetime { get; set; } = TimeSpan.FromDays(1);

    /// <summary>
    /// How often an open WebSocket gets an empty message. Proxies and load balancers close
    /// sockets that stay silent (often after 60 to 100 seconds); Web Chat ignores empty messages.
    /// </summary>
    public TimeSpan KeepAliveInterval { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>The bot's account on every activity it sends (from.id, from.name).</summary>
    public string BotId { get; set; } = "coproduction-bot";

    public string BotName { get; set; } = "CoProduction";
}
