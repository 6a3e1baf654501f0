namespace CoProduction.Channels.DirectLine;

/// <summary>A started conversation: who it is with (when the token fixed a user) and when it began.</summary>
public sealed record DirectLineConversation(string Id, string? UserId, string? UserName, DateTimeOffset StartedAt)
{
    /// <summary>
    /// True when the store that found the conversation saw its own user (<see cref="UserId"/>) among
    /// its members in the same look-up, so a message from them needs no "has this visitor joined?" of
    /// its own (members go only with their conversation). False says only that it was not looked at.
    /// </summary>
    public bool UserJoined { get; init; }
}

/// <summary>The result of starting a conversation; <see cref="IsNew"/> is false when it had already started.</summary>
public sealed record DirectLineConversationStart(DirectLineConversation Conversation, bool IsNew);

/// <summary>
/// A conversation start to count against the per-address limit in the start's own write: one more request from
/// <see cref="Client"/> (its address) in the fixed one-minute window starting at <see cref="WindowStart"/>,
/// allowed while the count, this one included, is at most <see cref="Permits"/>.
/// </summary>
public sealed record DirectLineStartCount(string Client, DateTimeOffset WindowStart, int Permits)
{
    /// <summary>The count for <paramref name="client"/> now, in the window <see cref="SharedWindowRateLimiter"/> counts in.</summary>
    public static DirectLineStartCount For(string client, int permits, DateTimeOffset now) =>
        new(client, SharedWindowRateLimiter.WindowStartOf(now), permits);

    /// <summary>How long until the window ends and the address may start again.</summary>
    public TimeSpan RetryAfter(DateTimeOffset now) => WindowStart + SharedWindowRateLimiter.Window - now;
}

