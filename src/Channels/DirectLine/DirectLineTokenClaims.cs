namespace CoProduction.Channels.DirectLine;

/// <summary>What a valid token says: which conversation it reaches, for whom, until when.</summary>
/// <param name="UserId">The user fixed when the token was generated, or null when the client chooses.</param>
/// <param name="Purpose"><see cref="DirectLineTokens.ConversationPurpose"/> or <see cref="DirectLineTokens.StreamPurpose"/>.</param>
public sealed record DirectLineTokenClaims(string ConversationId, string? UserId, DateTimeOffset Expires, string Purpose);
