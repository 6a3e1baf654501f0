using System.Buffers.Binary;
using System.Security.Cryptography;

namespace CoProduction.Channels.DirectLine;

/// <summary>
/// New conversation ids: 128 bits, base64url (22 characters), like Azure's opaque ids: the first 48 the
/// time of the start in milliseconds, the other 80 random. Unguessable (a token is what grants access all
/// the same); never containing "|", which separates the activity sequence in activity ids.
/// <para>
/// Why the time first: every index of a chat's rows begins with its conversation's id (its activities by
/// number and by client id, its members, its turns' message ids, the conversations themselves). With wholly
/// random ids each chat message wrote its own page of each of those indexes, somewhere in the middle, and
/// split full pages there. With the time first, the chats of the last seconds and minutes, the ones being
/// written, sit together at one end of each index, so a group commit's messages share their pages and the
/// writer's page cache holds them (twenty-first round).
/// </para>
/// </summary>
public static class DirectLineConversationIds
{
    public static string New() => New(DateTimeOffset.UtcNow);

    /// <summary>An id whose first 48 bits are <paramref name="now"/> in milliseconds since 1970 (big-endian), then 80 random bits.</summary>
    public static string New(DateTimeOffset now)
    {
        Span<byte> bits = stackalloc byte[16];
        BinaryPrimitives.WriteInt64BigEndian(bits, now.ToUnixTimeMilliseconds() << 16);
        RandomNumberGenerator.Fill(bits[6..]);
        // Base64url without padding, written once (the same text as base64's with '=' trimmed and '+', '/' replaced).
        return System.Buffers.Text.Base64Url.EncodeToString(bits);
    }

    /// <summary>What a conversation id in a URL may look like; anything else is refused before any lookup.</summary>
    public static bool IsWellFormed(string? id) =>
        !string.IsNullOrEmpty(id) && id.Length <= 128 && id.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.');
}
