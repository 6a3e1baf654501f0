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
