using System.Globalization;
using System.Text.Json;
using Microsoft.AspNetCore.Http;

namespace CoProduction.Channels.DirectLine;

/// <summary>Reading what a Direct Line client sends: bodies within their limits, token parameters, watermarks, origins.</summary>
public static partial class DirectLineEndpoints
{
    private const long MaxSmallBody = 16 * 1024;

    /// <summary>No watermark, an empty one ("watermark=", as directlinejs sends at first) or "-" all mean "from the start".</summary>
    private static bool TryParseWatermark(HttpRequest request, out long? watermark)
    {
        watermark = null;
        var text = request.Query["watermark"].ToString();
        if (text.Length == 0 || text == "-")
        {
            return true;
        }

        if (long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value))
        {
            watermark = value;
            return true;
        }

        return false;
    }

    private static bool IsAllowedOrigin(HttpRequest request, DirectLineOptions options)
    {
        var origin = request.Headers.Origin.ToString();
        if (origin.Length == 0)
        {
            return true; // not a browser
        }

        if (Uri.TryCreate(origin, UriKind.Absolute, out var uri)
            && string.Equals(uri.Authority, request.Host.Value, StringComparison.OrdinalIgnoreCase))
        {
            return true; // our own page
        }

        return options.AllowedOrigins.Any(allowed => string.Equals(allowed.TrimEnd('/'), origin.TrimEnd('/'), StringComparison.OrdinalIgnoreCase));
    }

    private static async Task<(TokenParameters? Parameters, IResult? Error)> ReadTokenParametersAsync(HttpRequest request, CancellationToken ct)
    {
        var (json, error) = await ReadBodyAsync(request, MaxSmallBody, ct);
        if (error is not null)
        {
            return (null, error);
        }

        if (string.IsNullOrWhiteSpace(json))
        {
            return (null, null);
        }

        TokenParameters? parameters;
        try
        {
            parameters = JsonSerializer.Deserialize<TokenParameters>(json, TokenParametersJson);
        }
        catch (JsonException)
        {
            return (null, DirectLineErrors.BadRequest("The body must be JSON like {\"user\":{\"id\":\"...\",\"name\":\"...\"}}."));
        }

        var user = parameters?.User;
        if (user is not null && (string.IsNullOrWhiteSpace(user.Id) || user.Id.Length > 256 || user.Name?.Length > 256))
        {
            return (null, DirectLineErrors.BadRequest("The user needs an \"id\" of 1 to 256 characters, and a name of at most 256."));
        }

        return (parameters, null);
    }

    private static async Task<(string? Body, IResult? Error)> ReadBodyAsync(HttpRequest request, long limit, CancellationToken ct)
    {
        if (request.ContentLength > limit)
        {
            return (null, TooLarge(limit));
        }

        // The bytes into a pooled buffer, then decoded once: no reader, character buffer or builder a request.
        // A body whose bytes are past four times the limit (and a byte-order mark) is past it in characters
        // whatever its encoding; the limit is on the characters, as it was when a reader counted them.
        var most = 4 * limit + 4;
        var pool = System.Buffers.ArrayPool<byte>.Shared;
        var buffer = pool.Rent((int)Math.Clamp(request.ContentLength ?? 1024, 256, most + 1));
        try
        {
            var length = 0;
            int read;
            while ((read = await request.Body.ReadAsync(buffer.AsMemory(length), ct)) > 0)
            {
                length += read;
                if (length > most)
                {
                    return (null, TooLarge(limit));
                }

                if (length == buffer.Length)
                {
                    var larger = pool.Rent((int)Math.Min(buffer.Length * 2L, most + 1));
                    buffer.AsSpan(0, length).CopyTo(larger);
                    pool.Return(buffer);
                    buffer = larger;
                }
            }

            var text = Decode(buffer.AsSpan(0, length));
            return text.Length > limit ? (null, TooLarge(limit)) : (text, null);
        }
        finally
        {
            pool.Return(buffer);
        }
    }

    /// <summary>
    /// What <c>new StreamReader(body, Encoding.UTF8).ReadToEnd()</c> reads: UTF-8 (bad bytes as U+FFFD), unless the
    /// body opens with a byte-order mark, which the reader follows (UTF-8's dropped, UTF-16's and UTF-32's obeyed).
    /// </summary>
    internal static string Decode(ReadOnlySpan<byte> body)
    {
        if (body.Length >= 2 && (body[0] is 0xFE or 0xFF or 0xEF || body[0] == 0 && body[1] == 0))
        {
            using var reader = new StreamReader(new MemoryStream(body.ToArray()), System.Text.Encoding.UTF8);
            return reader.ReadToEnd();
        }

        return System.Text.Encoding.UTF8.GetString(body);
    }

    private static IResult TooLarge(long limit) => DirectLineErrors.BadRequest($"The body is too large: send at most {limit / 1024} KB.");

    private static readonly JsonSerializerOptions TokenParametersJson = new(JsonSerializerDefaults.Web) { MaxDepth = 8 };

    private sealed record TokenParameters(TokenUser? User);

    private sealed record TokenUser(string? Id, string? Name);
}
