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
        NameValueCollection form;
        try
        {
            form = await ReadFormAsync(request, context.HttpContext.RequestAborted);
        }
        catch (InvalidDataException)
        {
            // A body that cannot be read cannot have been signed by Twilio.
            logger.LogWarning("Refused a webhook on {Path}: its form data could not be read", request.Path);
            return Refuse();
        }

        if (!new RequestValidator(authToken).Validate(url, form, signature))
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

    private static async Task<NameValueCollection> ReadFormAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        var fields = new NameValueCollection(StringComparer.Ordinal);
        if (!request.HasFormContentType)
        {
            return fields;
        }

        var form = await request.ReadFormAsync(cancellationToken);
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
