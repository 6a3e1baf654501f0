using System.Security.Cryptography;

namespace CoProduction.Channels.DirectLine;

/// <summary>
/// New conversation ids: 128 random bits, base64url, like Azure's opaque ids. Unguessable,
/// though a token is what grants access; never containing "|", which separates the activity
/// sequence in activity ids.
/// </summary>
public static class DirectLineConversationIds
{
    public static string New()
    {
        // Base64url without padding, written once (the same text as base64's with '=' trimmed and '+', '/' replaced).
        Span<byte> bits = stackalloc byte[16];
        RandomNumberGenerator.Fill(bits);
        return System.Buffers.Text.Base64Url.EncodeToString(bits);
    }

    /// <summary>What a conversation id in a URL may look like; anything else is refused before any lookup.</summary>
    public static bool IsWellFormed(string? id) =>
        !string.IsNullOrEmpty(id) && id.Length <= 128 && id.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.');
}
