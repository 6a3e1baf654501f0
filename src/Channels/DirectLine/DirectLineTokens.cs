using System.Buffers;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.Extensions.Options;

namespace CoProduction.Channels.DirectLine;

/// <summary>
/// Issues and checks Direct Line tokens: HMAC-SHA256 signed, short-lived, each bound to one
/// conversation. They are shaped like a JWT (header.payload.signature, base64url, HS256) with
/// Azure's claim names (conv, user, exp), so a client that peeks at the token (Web Chat reads
/// the "user" claim) finds what it would find on Azure; only this service can check them.
/// No JWT library: the format is small and fixed, and a library would bring algorithm
/// negotiation we do not want ("alg" is never read, only HS256 is ever accepted).
/// </summary>
public sealed class DirectLineTokens
{
    /// <summary>A token for the REST endpoints and refresh, handed to the page.</summary>
    public const string ConversationPurpose = "conversation";

    /// <summary>
    /// A token that only opens the WebSocket stream. It travels in the stream URL (which can end
    /// up in proxy logs), so it is short-lived and is refused as a Bearer token.
    /// </summary>
    public const string StreamPurpose = "stream";

    /// <summary>Long enough to open the socket after starting or reconnecting, short enough that a logged URL is useless.</summary>
    public static readonly TimeSpan StreamTokenLifetime = TimeSpan.FromMinutes(2);

    private const int MaxTokenLength = 2048;
    private static readonly byte[] KeyLabel = Encoding.UTF8.GetBytes("CoProduction Direct Line token signing key v1");
    private static readonly string EncodedHeader = Base64Url("{\"alg\":\"HS256\",\"typ\":\"JWT\"}"u8.ToArray());

    private readonly IOptionsMonitor<DirectLineOptions> _options;
    private readonly TimeProvider _time;

    public DirectLineTokens(IOptionsMonitor<DirectLineOptions> options, TimeProvider time)
    {
        _options = options;
        _time = time;
    }

    public TimeSpan Lifetime => _options.CurrentValue.TokenLifetime;

    /// <summary>A conversation token valid for <see cref="Lifetime"/> from now.</summary>
    public string Issue(string conversationId, string? userId) =>
        IssueWithClaims(conversationId, userId, ConversationPurpose).Token;

    /// <summary>A stream-only token for the WebSocket URL.</summary>
    public string IssueStream(string conversationId, string? userId) =>
        IssueWithClaims(conversationId, userId, StreamPurpose).Token;

    /// <summary>Reads a token; expiry is checked only once the signature is good, so "expired" is never said of a forgery.</summary>
    public DirectLineTokenCheck Check(string? token, string purpose)
    {
        if (string.IsNullOrEmpty(token) || token.Length > MaxTokenLength)
        {
            return DirectLineTokenCheck.Invalid;
        }

        var parts = token.Split('.');
        if (parts.Length != 3 || parts[0] != EncodedHeader)
        {
            return DirectLineTokenCheck.Invalid;
        }

        byte[] signature;
        byte[] payloadBytes;
        try
        {
            signature = FromBase64Url(parts[2]);
            payloadBytes = FromBase64Url(parts[1]);
        }
        catch (FormatException)
        {
            return DirectLineTokenCheck.Invalid;
        }

        Span<byte> expected = stackalloc byte[HMACSHA256.HashSizeInBytes];
        Sign(token.AsSpan(0, parts[0].Length + 1 + parts[1].Length), expected);
        if (!CryptographicOperations.FixedTimeEquals(signature, expected))
        {
            return DirectLineTokenCheck.Invalid;
        }

        Payload? payload;
        try
        {
            payload = JsonSerializer.Deserialize<Payload>(payloadBytes);
        }
        catch (JsonException)
        {
            return DirectLineTokenCheck.Invalid;
        }

        if (payload is null || string.IsNullOrEmpty(payload.Conversation) || payload.Purpose != purpose)
        {
            return DirectLineTokenCheck.Invalid;
        }

        var expires = DateTimeOffset.FromUnixTimeSeconds(payload.Expires);
        if (_time.GetUtcNow() >= expires)
        {
            return DirectLineTokenCheck.Expired;
        }

        return new DirectLineTokenCheck(
            DirectLineTokenStatus.Valid,
            new DirectLineTokenClaims(payload.Conversation, payload.User, expires, payload.Purpose));
    }

    /// <summary>True when <paramref name="candidate"/> is the configured secret (constant time).</summary>
    public bool IsSecret(string? candidate)
    {
        var secret = _options.CurrentValue.Secret;
        if (string.IsNullOrEmpty(candidate) || string.IsNullOrEmpty(secret))
        {
            return false;
        }

        // Hash both so the comparison takes the same time whatever the lengths (the secret's hash is kept).
        Span<byte> hash = stackalloc byte[SHA256.HashSizeInBytes];
        SHA256.HashData(Encoding.UTF8.GetBytes(candidate), hash);
        return CryptographicOperations.FixedTimeEquals(hash, Keys(secret).SecretHash);
    }

    /// <summary>
    /// A new token for <paramref name="purpose"/> (<see cref="ConversationPurpose"/>: as <see cref="Issue(string, string?)"/>;
    /// <see cref="StreamPurpose"/>: as <see cref="IssueStream"/>), with the claims <see cref="Check"/> will find in it.
    /// </summary>
    public (string Token, DirectLineTokenClaims Claims) IssueWithClaims(string conversationId, string? userId, string purpose)
    {
        var lifetime = purpose switch
        {
            ConversationPurpose => Lifetime,
            StreamPurpose => StreamTokenLifetime,
            _ => throw new ArgumentOutOfRangeException(nameof(purpose), purpose, "A token is for a conversation or its stream."),
        };
        var token = Issue(conversationId, userId, purpose, lifetime, out var expires);
        return (token, new DirectLineTokenClaims(conversationId, userId, DateTimeOffset.FromUnixTimeSeconds(expires), purpose));
    }

    private string Issue(string conversationId, string? userId, string purpose, TimeSpan lifetime, out long expires)
    {
        ArgumentException.ThrowIfNullOrEmpty(conversationId);
        var now = _time.GetUtcNow();
        // Rounded up to whole seconds so a token never expires before its stated lifetime.
        expires = (long)Math.Ceiling((now + lifetime).ToUnixTimeMilliseconds() / 1000.0);

        // Written in one pass (every chat visitor is issued three): the payload's JSON into this thread's buffer, then
        // header.payload.signature as ASCII bytes in one span, and one string made of it. The JSON is what
        // JsonSerializer writes for Payload (the same names, from Payload's constants, in the same order, the same
        // default escaping), which Check reads back.
        Span<byte> nonce = stackalloc byte[9];
        RandomNumberGenerator.Fill(nonce);
        Span<char> nonceText = stackalloc char[12];
        System.Buffers.Text.Base64Url.EncodeToChars(nonce, nonceText);
        var json = t_payload ??= new ArrayBufferWriter<byte>(256);
        json.ResetWrittenCount();
        var writer = t_writer ??= new Utf8JsonWriter(json);
        writer.Reset(json);
        writer.WriteStartObject();
        writer.WriteString(Payload.ConversationName, conversationId);
        if (userId is not null) writer.WriteString(Payload.UserName, userId);
        writer.WriteString(Payload.PurposeName, purpose);
        writer.WriteNumber(Payload.IssuedAtName, now.ToUnixTimeSeconds());
        writer.WriteNumber(Payload.ExpiresName, expires);
        writer.WriteString(Payload.NonceName, nonceText);
        writer.WriteEndObject();
        writer.Flush();
        var payload = json.WrittenSpan;

        var length = EncodedHeaderAscii.Length + 1 + System.Buffers.Text.Base64Url.GetEncodedLength(payload.Length) + 1 + EncodedSignatureLength;
        byte[]? rented = null;
        var token = length <= 1024 ? stackalloc byte[length] : (rented = ArrayPool<byte>.Shared.Rent(length)).AsSpan(0, length);
        try
        {
            EncodedHeaderAscii.CopyTo(token);
            var at = EncodedHeaderAscii.Length;
            token[at++] = (byte)'.';
            at += System.Buffers.Text.Base64Url.EncodeToUtf8(payload, token[at..]);
            Span<byte> signature = stackalloc byte[HMACSHA256.HashSizeInBytes];
            HMACSHA256.HashData(SigningKey(), token[..at], signature);
            token[at++] = (byte)'.';
            at += System.Buffers.Text.Base64Url.EncodeToUtf8(signature, token[at..]);
            return Encoding.ASCII.GetString(token[..at]);
        }
        finally
        {
            if (json.Capacity > 4096) t_payload = null;
            if (rented is not null) ArrayPool<byte>.Shared.Return(rented);
        }
    }

    [ThreadStatic] private static ArrayBufferWriter<byte>? t_payload;
    [ThreadStatic] private static Utf8JsonWriter? t_writer;

    private static readonly byte[] EncodedHeaderAscii = Encoding.ASCII.GetBytes(EncodedHeader);
    private static readonly int EncodedSignatureLength = System.Buffers.Text.Base64Url.GetEncodedLength(HMACSHA256.HashSizeInBytes);

    /// <summary>Signs the token's ASCII text (header.payload) without copying it into a string of its own.</summary>
    private void Sign(ReadOnlySpan<char> signed, Span<byte> signature)
    {
        var key = SigningKey();
        var bytes = signed.Length <= 1024 ? stackalloc byte[signed.Length] : new byte[signed.Length];
        Encoding.ASCII.GetBytes(signed, bytes);
        HMACSHA256.HashData(key, bytes, signature);
    }

    private byte[] SigningKey()
    {
        var secret = _options.CurrentValue.Secret;
        if (string.IsNullOrWhiteSpace(secret))
        {
            throw new InvalidOperationException(
                "DirectLine:Secret is not set. Configure it, or let the host fill it with LocalDirectLineSecret.LoadOrCreate.");
        }

        return Keys(secret).SigningKey;
    }

    /// <summary>
    /// The signing key is derived from the secret rather than the secret itself, so a token can never
    /// be used to test guesses of the secret for any other use it might have. Both it and the secret's
    /// hash are worked out once per secret (every chat request checks a token), again when it changes.
    /// </summary>
    private KeySet Keys(string secret)
    {
        if (_keys is { } known && string.Equals(known.Secret, secret, StringComparison.Ordinal)) return known;
        var trimmed = Encoding.UTF8.GetBytes(secret.Trim());
        return _keys = new KeySet(secret, HMACSHA256.HashData(trimmed, KeyLabel), SHA256.HashData(trimmed));
    }

    // One reference, so a thread never sees one secret's key with another's hash.
    private volatile KeySet? _keys;

    private sealed record KeySet(string Secret, byte[] SigningKey, byte[] SecretHash);

    // Base64url without padding, as a JWT's parts are (one string, no trimming and replacing after).
    private static string Base64Url(byte[] bytes) => System.Buffers.Text.Base64Url.EncodeToString(bytes);

    private static byte[] FromBase64Url(string text)
    {
        var s = text.Replace('-', '+').Replace('_', '/');
        s = (s.Length % 4) switch
        {
            2 => s + "==",
            3 => s + "=",
            0 => s,
            _ => throw new FormatException("Not base64url."),
        };
        return Convert.FromBase64String(s);
    }

    private sealed class Payload
    {
        // The claims' names, once: read through the attributes below, written by Issue from these, encoded once.
        private const string ConversationClaim = "conv", UserClaim = "user", PurposeClaim = "use", IssuedAtClaim = "iat",
            ExpiresClaim = "exp", NonceClaim = "jti";

        public static readonly JsonEncodedText ConversationName = JsonEncodedText.Encode(ConversationClaim);
        public static readonly JsonEncodedText UserName = JsonEncodedText.Encode(UserClaim);
        public static readonly JsonEncodedText PurposeName = JsonEncodedText.Encode(PurposeClaim);
        public static readonly JsonEncodedText IssuedAtName = JsonEncodedText.Encode(IssuedAtClaim);
        public static readonly JsonEncodedText ExpiresName = JsonEncodedText.Encode(ExpiresClaim);
        public static readonly JsonEncodedText NonceName = JsonEncodedText.Encode(NonceClaim);

        [JsonPropertyName(ConversationClaim)]
        public string? Conversation { get; set; }

        /// <summary>Absent from a token issued for no user (Issue writes it only when there is one).</summary>
        [JsonPropertyName(UserClaim)]
        public string? User { get; set; }

        [JsonPropertyName(PurposeClaim)]
        public string? Purpose { get; set; }

        [JsonPropertyName(IssuedAtClaim)]
        public long IssuedAt { get; set; }

        [JsonPropertyName(ExpiresClaim)]
        public long Expires { get; set; }

        /// <summary>Two tokens issued in the same second still differ (a refresh returns a new string).</summary>
        [JsonPropertyName(NonceClaim)]
        public string? Nonce { get; set; }
    }
}
