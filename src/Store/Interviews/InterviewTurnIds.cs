using System.Security.Cryptography;

namespace CoProduction.Store.Interviews;

/// <summary>
/// Each interview turn's message id, as a text's MessageSid is for SMS: the page hands out a
/// fresh token with every question, and the id is the interview's id and that token. Two
/// presses of one button (or a reload) carry the same token, so the store records the answer
/// once and gives the same replies. The interview's id is part of it, so a token from another
/// interview can never show its replies here.
/// </summary>
public static class InterviewTurnIds
{
    /// <summary>The inbound message id column's length.</summary>
    public const int MaxLength = 64;

    public const int TokenLength = 24;

    public static string NewToken() => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(TokenLength / 2));

    public static bool IsToken(string? token) =>
        token is { Length: TokenLength } && token.All(c => c is >= '0' and <= '9' or >= 'a' and <= 'f');

    public static string For(Guid interviewId, string token) => $"iv{interviewId:N}{token}";
}
