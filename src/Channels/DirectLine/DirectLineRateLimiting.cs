using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;
using System.Threading.RateLimiting;

namespace CoProduction.Channels.DirectLine;

/// <summary>
/// The rate limit on token generation and conversation starts, per client IP address. Behind
/// a reverse proxy, the host must apply forwarded headers first (UseForwardedHeaders), or every
/// person shares the proxy's address. A host endpoint that hands tokens to its own page should
/// carry the same policy: <c>.RequireRateLimiting(DirectLineRateLimiting.PolicyName)</c>.
/// </summary>
public sealed class DirectLineRateLimiting : IRateLimiterPolicy<string>
{
    public const string PolicyName = "DirectLineTokens";

    private readonly IOptionsMonitor<DirectLineOptions> _options;

    public DirectLineRateLimiting(IOptionsMonitor<DirectLineOptions> options)
    {
        _options = options;
    }

    public Func<OnRejectedContext, CancellationToken, ValueTask>? OnRejected => async (context, _) =>
    {
        // Our own body rather than the limiter's bare status, so clients get the Direct Line shape.
        context.HttpContext.Response.Headers.RetryAfter = "60";
        await DirectLineErrors.Error(
            StatusCodes.Status429TooManyRequests,
            DirectLineErrors.TooManyRequests,
            "Too many chats were started from this address. Please wait a minute and try again.").ExecuteAsync(context.HttpContext);
    };

    public RateLimitPartition<string> GetPartition(HttpContext httpContext)
    {
        var client = httpContext.Connection.RemoteIpAddress?.ToString() ?? "unknown";
        var permits = _options.CurrentValue.TokenRequestsPerMinute;
        return RateLimitPartition.GetFixedWindowLimiter(client, _ => new FixedWindowRateLimiterOptions
        {
            PermitLimit = permits,
            Window = TimeSpan.FromMinutes(1),
            QueueLimit = 0,
            AutoReplenishment = true,
        });
    }
}
