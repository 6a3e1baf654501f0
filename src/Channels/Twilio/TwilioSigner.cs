using System.Buffers;
using System.Runtime.InteropServices;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Http;

namespace CoProduction.Channels.Twilio;

/// <summary>
/// X-Twilio-Signature, computed the way Twilio does: base64 of HMAC-SHA1, keyed with the auth
/// token, over the full URL followed by each form field's name and value, sorted by name
/// (ordinal; a field sent twice has its values joined by commas, as Twilio's own validator reads
/// it). Tests and the local phone simulator sign with <see cref="Sign"/>; the webhook check asks
/// <see cref="Matches"/>, which works in one pooled buffer because it runs on every webhook.
/// </summary>
public static class TwilioSigner
{
    public const string HeaderName = "X-Twilio-Signature";

    /// <summary>SHA-1's 20 bytes, as base64.</summary>
    private const int SignatureLength = 28;

    public static string Sign(string authToken, string url, IEnumerable<KeyValuePair<string, string>>? form = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(authToken);
        ArgumentNullException.ThrowIfNull(url);
        var fields = form?.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => (p.Key, p.Value)).ToArray() ?? [];
        Span<byte> hash = stackalloc byte[HMACSHA1.HashSizeInBytes];
        Hash(SigningKey(authToken), url, fields, hash);
        return Convert.ToBase64String(hash);
    }

    /// <summary>
    /// The token's key, kept per thread for the last token signed with: a fresh array each time was a fresh HMAC each
    /// time too (<see cref="HmacFor"/> keeps one per key), an OpenSSL context made for every signature the benchmark's
    /// load client, the tests and the phone simulator sent.
    /// </summary>
    [ThreadStatic]
    private static KeyValuePair<string, byte[]>? t_signingKey;

    private static byte[] SigningKey(string authToken)
    {
        if (t_signingKey is { } kept && string.Equals(kept.Key, authToken, StringComparison.Ordinal)) return kept.Value;
        var key = Encoding.UTF8.GetBytes(authToken);
        t_signingKey = KeyValuePair.Create(authToken, key);
        return key;
    }

    /// <summary>The key <see cref="Matches"/> takes: the auth token's UTF-8 bytes.</summary>
    public static byte[] Key(string authToken) => Encoding.UTF8.GetBytes(authToken);

    /// <summary>Whether <paramref name="signature"/> is this URL and form signed with <paramref name="key"/>, compared in fixed time.</summary>
    public static bool Matches(byte[] key, string url, IFormCollection? form, string signature)
    {
        ArgumentNullException.ThrowIfNull(key);
        ArgumentNullException.ThrowIfNull(url);
        if (signature is not { Length: SignatureLength }) return false;

        var count = form?.Count ?? 0;
        var fields = ArrayPool<(string, string)>.Shared.Rent(count);
        try
        {
            var used = 0;
            if (form is not null)
            {
                foreach (var (name, values) in form)
                {
                    // A name with no value is not in what Twilio's validator signs.
                    if (values.Count > 0) fields[used++] = (name, values.Count == 1 ? values[0] ?? "" : values.ToString());
                }
            }
            fields.AsSpan(0, used).Sort(static (a, b) => string.CompareOrdinal(a.Item1, b.Item1));
            Span<byte> hash = stackalloc byte[HMACSHA1.HashSizeInBytes];
            Hash(key, url, fields.AsSpan(0, used), hash);
            Span<char> expected = stackalloc char[SignatureLength];
            Convert.TryToBase64Chars(hash, expected, out _);
            return CryptographicOperations.FixedTimeEquals(MemoryMarshal.AsBytes(expected), MemoryMarshal.AsBytes(signature.AsSpan()));
        }
        finally
        {
            ArrayPool<(string, string)>.Shared.Return(fields, clearArray: true);
        }
    }

    /// <summary>
    /// One HMAC per thread, kept for its key: setting up a fresh one (OpenSSL's context and key) cost
    /// more than hashing a webhook's few hundred bytes.
    /// </summary>
    [ThreadStatic]
    private static KeyedHmac? t_hmac;

    private sealed record KeyedHmac(byte[] Key, IncrementalHash Hmac);

    private static IncrementalHash HmacFor(byte[] key)
    {
        if (t_hmac is { } kept && ReferenceEquals(kept.Key, key)) return kept.Hmac;
        t_hmac?.Hmac.Dispose();
        t_hmac = new KeyedHmac(key, IncrementalHash.CreateHMAC(HashAlgorithmName.SHA1, key));
        return t_hmac.Hmac;
    }

    /// <summary>HMAC-SHA1 of the URL and the fields, given in the order they are signed.</summary>
    private static void Hash(byte[] key, string url, ReadOnlySpan<(string Name, string Value)> fields, Span<byte> hash)
    {
        var length = Encoding.UTF8.GetByteCount(url);
        foreach (var (name, value) in fields) length += Encoding.UTF8.GetByteCount(name) + Encoding.UTF8.GetByteCount(value);

        var buffer = ArrayPool<byte>.Shared.Rent(length);
        try
        {
            var at = Encoding.UTF8.GetBytes(url, buffer);
            foreach (var (name, value) in fields)
            {
                at += Encoding.UTF8.GetBytes(name, buffer.AsSpan(at));
                at += Encoding.UTF8.GetBytes(value, buffer.AsSpan(at));
            }
            var hmac = HmacFor(key);
            hmac.AppendData(buffer, 0, at);
            hmac.GetHashAndReset(hash);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }
}
