using System.Collections.Specialized;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Twilio.Security;

namespace CoProduction.Channels.Twilio;

/// <summary>
/// Lets a webhook run only when X-Twilio-Signature proves Twilio sent it; anything else gets
/// 403. There is deliberately no setting to turn this off: without a configured token the
/// host supplies a local development token instead.
/// </summary>
public sealed class TwilioSignatureFilter(IOptionsMonitor<TwilioOptions> options, ILogger<TwilioSignatureFilter> logger)
    : IEndpointFilter
{
    public const string RefusalMessage = "This request did not come from Twilio: its signature is missing or wrong.";

    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var request = context.HttpContext.Request;
        var authToken = options.CurrentValue.AuthToken;
        string signature = request.Headers[TwilioSigner.HeaderName].ToString();

        // Only the path is logged: query strings and bodies can hold phone numbers and answers.
        if (string.IsNullOrEmpty(authToken))
        {
            logger.LogError("Refused a webhook on {Path}: no Twilio:AuthToken is configured, so no signature can be checked", request.Path);
            return Refuse();
        }

        if (string.IsNullOrEmpty(signature))
        {
            logger.LogWarning("Refused a webhook on {Path}: no {Header} header", request.Path, TwilioSigner.HeaderName);
            return Refuse();
        }

        var url = SignedUrl(request, options.CurrentValue.PublicBaseUrl);
        IFormCollection? form;
        try
        {
            form = request.HasFormContentType ? await request.ReadFormAsync(context.HttpContext.RequestAborted) : null;
        }
        catch (InvalidDataException)
        {
            // A body that cannot be read cannot have been signed by Twilio.
            logger.LogWarning("Refused a webhook on {Path}: its form data could not be read", request.Path);
            return Refuse();
        }

        // The URL as received is what Twilio signs (and what TwilioSigner signs); Twilio's own
        // validator also tries it with the default port added or taken away, so a request only
        // that passes is still let through, at the validator's cost.
        if (!TwilioSigner.Matches(KeyFor(authToken), url, form, signature)
            && !new RequestValidator(authToken).Validate(url, Fields(form), signature))
        {
            logger.LogWarning("Refused a webhook on {Path}: {Header} does not match", request.Path, TwilioSigner.HeaderName);
            return Refuse();
        }

        return await next(context);
    }

    /// <summary>
    /// The URL Twilio signed. Behind a proxy the app sees its own internal address, so the
    /// configured public base URL replaces scheme, host and any proxy prefix; the path and
    /// query string are kept exactly as received.
    /// </summary>
    public static string SignedUrl(HttpRequest request, string? publicBaseUrl)
    {
        if (string.IsNullOrEmpty(publicBaseUrl))
        {
            return request.GetEncodedUrl();
        }

        return publicBaseUrl.TrimEnd('/')
            + request.PathBase.ToUriComponent()
            + request.Path.ToUriComponent()
            + request.QueryString.ToUriComponent();
    }

    /// <summary>
    /// The signing key, made again only when the token changes. One filter serves every request to its endpoint
    /// (<see cref="TwilioSignatureEndpointExtensions"/>), so the key, and the HMAC kept for it, outlive a request; two
    /// requests that see a new token at once may each make the key, and either is right.
    /// </summary>
    private byte[] KeyFor(string authToken)
    {
        var cached = _key;
        if (cached is not null && ReferenceEquals(cached.Token, authToken)) return cached.Bytes;
        _key = cached = new SigningKey(authToken, TwilioSigner.Key(authToken));
        return cached.Bytes;
    }

    private SigningKey? _key;

    private sealed record SigningKey(string Token, byte[] Bytes);

    private static NameValueCollection Fields(IFormCollection? form)
    {
        var fields = new NameValueCollection(StringComparer.Ordinal);
        if (form is null) return fields;
        foreach (var (key, values) in form)
        {
            foreach (var value in values)
            {
                fields.Add(key, value);
            }
        }
        return fields;
    }

    private static IResult Refuse() =>
        Results.Problem(statusCode: StatusCodes.Status403Forbidden, title: RefusalMessage);
}
