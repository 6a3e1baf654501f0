using System.Security.Cryptography;

namespace CoProduction.Scheduling.Dispatch;

/// <summary>
/// An invitation's link token (<c>/chat?invite=token</c>): 24 characters, the same length as
/// before, so a texted link is no longer. The first <see cref="StampLength"/> say when the
/// token was made (milliseconds since 2025 in base 36: digits and lower-case letters, which sort
/// the same way byte by byte in SQLite and under any PostgreSQL collation); the other
/// <see cref="RandomLength"/> are random (96 bits from the operating system's generator, each
/// character 6 bits of its own byte), which is what makes a link unguessable: knowing one token,
/// or when a round was made, tells nothing about another's random part.
/// </summary>
/// <remarks>
/// Why a time first: the token's unique index is written with every invitation, and a wholly
/// random token lands each row on a different page of it, so a batch of a thousand rows rewrote
/// about a thousand index pages into SQLite's log. Tokens made together now sit together at the
/// index's end. Tokens made before this (24 random base64url characters) still open: a link is
/// looked up by the whole token, whatever its form.
/// </remarks>
internal static class InvitationTokens
{
    public const int StampLength = 8;
    public const int RandomLength = 16;
    public const int Length = StampLength + RandomLength;

    private static readonly DateTimeOffset Epoch = new(2025, 1, 1, 0, 0, 0, TimeSpan.Zero);
    private const string StampDigits = "0123456789abcdefghijklmnopqrstuvwxyz";
    // 64 characters, so a random byte's low 6 bits pick one with no bias.
    private const string RandomDigits = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

    /// <summary>One token made at <paramref name="at"/>.</summary>
    public static string New(DateTimeOffset at) => Batch(at, 1)[0];

    /// <summary><paramref name="count"/> tokens made at <paramref name="at"/>: one call to the random generator for all.</summary>
    public static string[] Batch(DateTimeOffset at, int count)
    {
        Span<char> stamp = stackalloc char[StampLength];
        Stamp(at, stamp);
        var prefix = stamp.ToString();
        var random = RandomNumberGenerator.GetBytes(count * RandomLength);
        var tokens = new string[count];
        for (var i = 0; i < count; i++)
        {
            tokens[i] = string.Create(Length, (prefix, random, i * RandomLength), static (text, state) =>
            {
                state.prefix.AsSpan().CopyTo(text);
                var bytes = state.random.AsSpan(state.Item3, RandomLength);
                for (var c = 0; c < RandomLength; c++) text[StampLength + c] = RandomDigits[bytes[c] & 63];
            });
        }
        CryptographicOperations.ZeroMemory(random);
        return tokens;
    }

    /// <summary>Milliseconds since 2025 in base 36, zero-padded: in order until 2114 (before 2025, zeros).</summary>
    private static void Stamp(DateTimeOffset at, Span<char> into)
    {
        var value = Math.Max(0, (long)(at - Epoch).TotalMilliseconds);
        for (var i = StampLength - 1; i >= 0; i--)
        {
            into[i] = StampDigits[(int)(value % 36)];
            value /= 36;
        }
    }
}
