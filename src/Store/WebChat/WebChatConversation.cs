namespace CoProduction.Store.WebChat;

/// <summary>
/// One web chat (Direct Line) conversation, kept in the shared store so any node can serve it.
/// <see cref="NextSequence"/> numbers its activities: taking a number updates this row, which
/// holds the row's lock until the activity is committed, so activities commit in number order
/// and a reader never sees a gap it would later skip.
/// </summary>
public sealed class WebChatConversation
{
    public required string Id { get; set; }

    public string? UserId { get; set; }

    public string? UserName { get; set; }

    public DateTimeOffset StartedAt { get; set; }

    /// <summary>Moved on by every activity; once past, the conversation is over and housekeeping deletes it.</summary>
    public DateTimeOffset ExpiresAt { get; set; }

    public long NextSequence { get; set; }
}
