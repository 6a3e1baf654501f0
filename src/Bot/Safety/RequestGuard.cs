using System.Text;
using Microsoft.AspNetCore.Http.Features;

namespace CoProduction.Bot.Safety;

/// <summary>
/// The front door for every request, before authentication, endpoints or pages run: a body over
/// its path's limit is 413, a body in a character set we cannot read is 415, and a form that
/// cannot be read (truncated multipart, broken encoding, too many fields) is 400. The form is
/// read here once, so no endpoint, filter or page ever meets an unreadable one.
/// </summary>
public static class RequestGuard
{
    public static IApplicationBuilder UseRequestGuard(this IApplicationBuilder app) => app.Use(GuardAsync);

    private static async Task GuardAsync(HttpContext context, RequestDelegate next)
    {
        var request = context.Request;
        var limit = RequestLimits.BodyLimitFor(request.Path);
        var serverEnforces = false;
        if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } size)
        {
            size.MaxRequestBodySize = limit;
            serverEnforces = true;
        }
        if (request.ContentLength > limit)
        {
            await RefuseAsync(context, StatusCodes.Status413PayloadTooLarge, "Too big",
                $"This address takes at most {Describe(limit)}. What was sent is bigger.");
            return;
        }
        // Servers that do not enforce the size themselves (the test host, a request whose limit can
        // no longer be set) still stop at the limit. Kestrel, given the limit above, stops a body
        // with or without a length at it (413) on its own: a second counting stream there was one
        // more object and one more asynchronous layer for every read of every body.
        if (!serverEnforces) request.Body = new LimitedStream(request.Body, limit);

        var contentType = request.ContentType;
        if (!IsReadableCharset(contentType))
        {
            await RefuseAsync(context, StatusCodes.Status415UnsupportedMediaType, "Unknown character set",
                "Send the body as UTF-8 (charset=utf-8), or leave the charset out.");
            return;
        }

        if (HasNul(request.Query))
        {
            await RefuseAsync(context, StatusCodes.Status400BadRequest, "Please check the address",
                "The address has an invisible NUL character (U+0000) in it: remove it.");
            return;
        }

        if (!IsJson(contentType))
        {
            if (!await FormIsReadableAsync(context, contentType)) return;
            await next(context);
            return;
        }

        // A JSON body is read once, here, for the NUL check, and handed to the endpoint from that same buffer (no
        // second, rewindable copy: EnableBuffering's stream, its buffer and its disposal a request). The buffer is
        // the shared pool's: it goes back once the endpoint has answered, and the stream over it is closed and the
        // request's own stream put back first, so nothing can read it after.
        var (body, length) = await ReadBodyAsync(request, context.RequestAborted);
        var original = request.Body;
        var kept = new MemoryStream(body, 0, length, writable: false, publiclyVisible: true);
        try
        {
            if (HasNul(body.AsSpan(0, length)))
            {
                await RefuseAsync(context, StatusCodes.Status400BadRequest, "Please check the request",
                    "The JSON has an invisible NUL character (\\u0000) in a value: remove it.");
                return;
            }

            request.Body = kept;
            await next(context);
        }
        finally
        {
            request.Body = original;
            kept.Dispose();
            System.Buffers.ArrayPool<byte>.Shared.Return(body);
        }
    }

    /// <summary>
    /// A form (any body type but none and JSON's: asking those made a form feature and parsed the type again, every
    /// chat post) is read here once, so no endpoint, filter or page meets an unreadable one; false when it was refused.
    /// </summary>
    private static async Task<bool> FormIsReadableAsync(HttpContext context, string? contentType)
    {
        var request = context.Request;
        if (contentType is null || IsApplicationJson(contentType) || !request.HasFormContentType) return true;
        try
        {
            await request.ReadFormAsync(context.RequestAborted);
            return true;
        }
        catch (BadHttpRequestException e)
        {
            await RefuseAsync(context, e.StatusCode, "The form could not be read", "The form is too big or was cut short. Send it again, whole.");
        }
        catch (Exception e) when (e is InvalidDataException or IOException or DecoderFallbackException or ArgumentException or NotSupportedException)
        {
            await RefuseAsync(context, StatusCodes.Status400BadRequest, "The form could not be read",
                "The form data is malformed, cut short or has too many fields. Send it again as a plain form.");
        }
        return false;
    }

    private static bool HasNul(IQueryCollection query)
    {
        // No LINQ: every request passes here, and most have no query at all.
        if (query.Count == 0) return false;
        foreach (var (key, values) in query)
        {
            if (key.Contains('\0')) return true;
            foreach (var value in values)
            {
                if (value?.Contains('\0') == true) return true;
            }
        }
        return false;
    }

    private static bool IsJson(string? contentType) =>
        contentType is not null && (IsApplicationJson(contentType)
            || contentType.Contains("+json", StringComparison.OrdinalIgnoreCase));

    /// <summary>JSON's own type (<c>application/json</c>, with or without parameters): never a form.</summary>
    private static bool IsApplicationJson(string contentType) =>
        contentType.StartsWith("application/json", StringComparison.OrdinalIgnoreCase);

    /// <summary>
    /// A NUL in any JSON string would reach the store (PostgreSQL refuses it in text, even in a
    /// lookup), so it is refused here once rather than at every field. Bodies are small (the limit
    /// above), so they are read whole into a buffer from the shared pool, which the caller gives back.
    /// Searched as bytes (every web chat message passes here: making the body a string was 5% of a chat
    /// turn): in UTF-8 a NUL byte is exactly a NUL character and the escape is ASCII. A body in UTF-16 or
    /// UTF-32 (a byte-order mark) is read as text, as before.
    /// </summary>
    private static async ValueTask<(byte[] Body, int Length)> ReadBodyAsync(HttpRequest request, CancellationToken ct)
    {
        var buffer = System.Buffers.ArrayPool<byte>.Shared.Rent(request.ContentLength is > 0 and < 1024 * 1024 ? (int)request.ContentLength.Value + 1 : 4096);
        try
        {
            var length = 0;
            int read;
            while ((read = await request.Body.ReadAsync(buffer.AsMemory(length), ct)) > 0)
            {
                length += read;
                if (length < buffer.Length) continue;
                var larger = System.Buffers.ArrayPool<byte>.Shared.Rent(buffer.Length * 2);
                buffer.AsSpan(0, length).CopyTo(larger);
                System.Buffers.ArrayPool<byte>.Shared.Return(buffer);
                buffer = larger;
            }
            return (buffer, length);
        }
        catch
        {
            System.Buffers.ArrayPool<byte>.Shared.Return(buffer);
            throw;
        }
    }

    /// <summary>A NUL, or the escape <c>\u0000</c> (in any case), in a JSON body's bytes.</summary>
    internal static bool HasNul(ReadOnlySpan<byte> body)
    {
        if (body is [0xFE, 0xFF, ..] or [0xFF, 0xFE, ..] or [0, 0, 0xFE, 0xFF, ..])
        {
            using var reader = new StreamReader(new MemoryStream(body.ToArray()), Encoding.UTF8, detectEncodingFromByteOrderMarks: true);
            var text = reader.ReadToEnd();
            return text.Contains("\\u0000", StringComparison.OrdinalIgnoreCase) || text.Contains('\0');
        }
        if (body.IndexOf((byte)0) >= 0) return true;
        for (var at = body.IndexOf((byte)'\\'); at >= 0 && at + 5 < body.Length; )
        {
            var escape = body.Slice(at + 1, 5);
            if ((escape[0] | 0x20) == 'u' && escape[1..].SequenceEqual("0000"u8)) return true;
            var next = body[(at + 1)..].IndexOf((byte)'\\');
            at = next < 0 ? -1 : at + 1 + next;
        }
        return false;
    }

    /// <summary>
    /// What Twilio and browsers send on every webhook and form post, and Web Chat and Direct Line clients on every
    /// chat request, known readable without parsing it (a parse made a header value, its parameter list and the
    /// charset's name, then looked the encoding up).
    /// </summary>
    private static readonly string[] KnownReadable =
    [
        "application/x-www-form-urlencoded",
        "application/x-www-form-urlencoded; charset=utf-8",
        "application/json",
        "application/json; charset=utf-8",
    ];

    /// <summary>No charset, or one .NET reads safely (UTF-7 is refused: it is switched off for good reasons).</summary>
    public static bool IsReadableCharset(string? contentType)
    {
        if (string.IsNullOrEmpty(contentType)) return true;
        foreach (var known in KnownReadable)
        {
            if (contentType.Equals(known, StringComparison.OrdinalIgnoreCase)) return true;
        }
        if (!Microsoft.Net.Http.Headers.MediaTypeHeaderValue.TryParse(contentType, out var media)) return false;
        var charset = media.Charset.Value?.Trim('"');
        if (string.IsNullOrEmpty(charset)) return true;
        try
        {
            var encoding = Encoding.GetEncoding(charset);
            return encoding.CodePage != 65000;
        }
        catch (Exception e) when (e is ArgumentException or NotSupportedException)
        {
            return false;
        }
    }

    private static string Describe(long bytes) => bytes >= 1024 * 1024 ? $"{bytes / 1024 / 1024} MB" : $"{bytes / 1024} KB";

    private static Task RefuseAsync(HttpContext context, int status, string title, string detail) =>
        Results.Problem(title: title, detail: detail, statusCode: status).ExecuteAsync(context);

    /// <summary>A request body that ends in 413 once more than its limit has been read.</summary>
    private sealed class LimitedStream(Stream inner, long limit) : Stream
    {
        private long _read;

        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => _read; set => throw new NotSupportedException(); }
        public override void Flush() { }
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        public override int Read(byte[] buffer, int offset, int count) => Count(inner.Read(buffer, offset, count));

        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
            Count(await inner.ReadAsync(buffer, cancellationToken));

        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

        private int Count(int read)
        {
            _read += read;
            if (_read > limit) throw new BadHttpRequestException("The request body is too large.", StatusCodes.Status413PayloadTooLarge);
            return read;
        }
    }
}
