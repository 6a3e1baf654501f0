namespace CoProduction.Channels.DirectLine;

/// <summary>A started conversation: who it is with (when the token fixed a user) and when it began.</summary>
public sealed record DirectLineConversation(string Id, string? UserId, string? UserName, DateTimeOffset StartedAt);

/// <summary>The result of starting a conversation; <see cref="IsNew"/> is false when it had already started.</summary>
public sealed record DirectLineConversationStart(DirectLineConversation Conversation, bool IsNew);
