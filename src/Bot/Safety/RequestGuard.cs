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
        if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } size)
        {
            size.MaxRequestBodySize = limit;
        }
        if (request.ContentLength > limit)
        {
            await RefuseAsync(context, StatusCodes.Status413PayloadTooLarge, "Too big",
                $"This address takes at most {Describe(limit)}. What was sent is bigger.");
            return;
        }
        // Servers that do not enforce the size themselves (a body without a length, the test host) still stop at the limit.
        request.Body = new LimitedStream(request.Body, limit);

        if (!IsReadableCharset(request.ContentType))
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

        if (IsJson(request.ContentType) && await JsonHasNulAsync(request, context.RequestAborted))
        {
            await RefuseAsync(context, StatusCodes.Status400BadRequest, "Please check the request",
                "The JSON has an invisible NUL character (\\u0000) in a value: remove it.");
            return;
        }

        if (request.HasFormContentType)
        {
            try
            {
                await request.ReadFormAsync(context.RequestAborted);
            }
            catch (BadHttpRequestException e)
            {
                await RefuseAsync(context, e.StatusCode, "The form could not be read", "The form is too big or was cut short. Send it again, whole.");
                return;
            }
            catch (Exception e) when (e is InvalidDataException or IOException or DecoderFallbackException or ArgumentException or NotSupportedException)
            {
                await RefuseAsync(context, StatusCodes.Status400BadRequest, "The form could not be read",
                    "The form data is malformed, cut short or has too many fields. Send it again as a plain form.");
                return;
            }
        }

        await next(context);
    }

    private static bool HasNul(IQueryCollection query) =>
        query.Any(p => p.Key.Contains('\0') || p.Value.Any(v => v?.Contains('\0') == true));

    private static bool IsJson(string? contentType) =>
        contentType is not null && (contentType.StartsWith("application/json", StringComparison.OrdinalIgnoreCase)
            || contentType.Contains("+json", StringComparison.OrdinalIgnoreCase));

    /// <summary>
    /// A NUL in any JSON string would reach the store (PostgreSQL refuses it in text, even in a
    /// lookup), so it is refused here once rather than at every field. Bodies are small (the limit
    /// above), so they are read into memory and rewound for the endpoint.
    /// </summary>
    private static async Task<bool> JsonHasNulAsync(HttpRequest request, CancellationToken ct)
    {
        request.EnableBuffering();
        try
        {
            using var reader = new StreamReader(request.Body, Encoding.UTF8, detectEncodingFromByteOrderMarks: true, leaveOpen: true);
            var text = await reader.ReadToEndAsync(ct);
            return text.Contains("\\u0000", StringComparison.OrdinalIgnoreCase) || text.Contains('\0');
        }
        finally
        {
            request.Body.Position = 0;
        }
    }

    /// <summary>No charset, or one .NET reads safely (UTF-7 is refused: it is switched off for good reasons).</summary>
    public static bool IsReadableCharset(string? contentType)
    {
        if (string.IsNullOrEmpty(contentType)) return true;
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
