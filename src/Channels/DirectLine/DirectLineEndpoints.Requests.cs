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
            return (null, DirectLineErrors.BadRequest($"The body is too large: send at most {limit / 1024} KB."));
        }

        using var reader = new StreamReader(request.Body, System.Text.Encoding.UTF8);
        var buffer = new char[4096];
        var builder = new System.Text.StringBuilder();
        int read;
        while ((read = await reader.ReadAsync(buffer.AsMemory(), ct)) > 0)
        {
            builder.Append(buffer, 0, read);
            if (builder.Length > limit)
            {
                return (null, DirectLineErrors.BadRequest($"The body is too large: send at most {limit / 1024} KB."));
            }
        }

        return (builder.ToString(), null);
    }

    private static readonly JsonSerializerOptions TokenParametersJson = new(JsonSerializerDefaults.Web) { MaxDepth = 8 };

    private sealed record TokenParameters(TokenUser? User);

    private sealed record TokenUser(string? Id, string? Name);
}
