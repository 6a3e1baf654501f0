using System.Security.Cryptography;
using System.Text;
using CoProduction.Bot.Accounts;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Authorization;

namespace CoProduction.Bot.Staff;

/// <summary>
/// The gate on every /api group. A request needs a key (X-Api-Key) or a sign-in; a browser's
/// sign-in cookie changes nothing without the page's anti-forgery token, so another site cannot
/// use it. An endpoint that names no policy is for admins and staff only, so a new endpoint is
/// closed to board members and viewers until someone decides otherwise.
/// </summary>
public sealed class ApiKeyFilter(IAntiforgery antiforgery) : IEndpointFilter
{
    public const string HeaderName = ApiKeyAuthentication.HeaderName;

    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var http = context.HttpContext;
        if (http.User.Identity?.IsAuthenticated != true)
        {
            return Results.Problem(
                title: "Staff key needed",
                detail: string.IsNullOrEmpty(http.Request.Headers[HeaderName].ToString())
                    ? $"This part of the service is for staff and the board. Send a key in the {HeaderName} header, or sign in."
                    : "That key is not right, or it was revoked. Check the key and try again.",
                statusCode: StatusCodes.Status401Unauthorized);
        }

        var byCookie = http.User.Identity.AuthenticationType != ApiKeyAuthentication.SchemeName;
        if (byCookie && !HttpMethods.IsGet(http.Request.Method) && !HttpMethods.IsHead(http.Request.Method)
            && !await antiforgery.IsRequestValidAsync(http))
        {
            return Results.Problem(
                title: "Anti-forgery token needed",
                detail: $"A signed-in browser must send the page's anti-forgery token in the {AccountServices.AntiforgeryHeader} header (GET /api/me gives one). Scripts should use an API key instead.",
                statusCode: StatusCodes.Status400BadRequest);
        }

        if (http.GetEndpoint()?.Metadata.GetMetadata<IAuthorizeData>() is null && !http.User.IsStaff())
        {
            return Results.Problem(title: "Not allowed for your role", detail: "This is for admins and staff.", statusCode: StatusCodes.Status403Forbidden);
        }
        return await next(context);
    }

    /// <summary>Compares in fixed time so the key cannot be guessed a letter at a time.</summary>
    public static bool Matches(string given, string expected) =>
        CryptographicOperations.FixedTimeEquals(
            SHA256.HashData(Encoding.UTF8.GetBytes(given)),
            SHA256.HashData(Encoding.UTF8.GetBytes(expected)));
}
