using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;

namespace CoProduction.Bot.Staff;

/// <summary>
/// Lets a request into the staff API when it carries the staff key in X-Api-Key, or comes from a
/// signed-in staff member's browser. Anything else is 401 with a plain reason.
/// </summary>
public sealed class ApiKeyFilter(IOptionsMonitor<StaffOptions> options) : IEndpointFilter
{
    public const string HeaderName = "X-Api-Key";

    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var http = context.HttpContext;
        if (http.User.Identity?.IsAuthenticated == true) return await next(context);

        var expected = options.CurrentValue.ApiKey;
        var given = http.Request.Headers[HeaderName].ToString();
        if (!string.IsNullOrEmpty(expected) && !string.IsNullOrEmpty(given) && Matches(given, expected))
        {
            return await next(context);
        }

        return Results.Problem(
            title: "Staff key needed",
            detail: string.IsNullOrEmpty(given)
                ? $"This part of the service is for staff. Send the staff key in the {HeaderName} header."
                : "That staff key is not right. Check the key and try again.",
            statusCode: StatusCodes.Status401Unauthorized);
    }

    /// <summary>Compares in fixed time so the key cannot be guessed a letter at a time.</summary>
    public static bool Matches(string given, string expected) =>
        CryptographicOperations.FixedTimeEquals(
            SHA256.HashData(Encoding.UTF8.GetBytes(given)),
            SHA256.HashData(Encoding.UTF8.GetBytes(expected)));
}
