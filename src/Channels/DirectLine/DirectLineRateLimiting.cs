using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using System.Threading.RateLimiting;

namespace CoProduction.Channels.DirectLine;

/// <summary>
/// The rate limit on token generation and conversation starts, per client IP address. Behind
/// a reverse proxy, the host must apply forwarded headers first (UseForwardedHeaders), or every
/// person shares the proxy's address. A host endpoint that hands tokens to its own page should
/// carry the same policy: <c>.RequireRateLimiting(DirectLineRateLimiting.PolicyName)</c>.
/// With an <see cref="IDirectLineRequestCounter"/> registered, requests are counted there, so the
/// limit holds across nodes; without one, in this process.
/// </summary>
public sealed class DirectLineRateLimiting : IRateLimiterPolicy<string>
{
    public const string PolicyName = "DirectLineTokens";

    private readonly IOptionsMonitor<DirectLineOptions> _options;
    private readonly IDirectLineRequestCounter? _counter;
    private readonly TimeProvider _time;
    private readonly ILogger<DirectLineRateLimiting> _logger;

    public DirectLineRateLimiting(
        IOptionsMonitor<DirectLineOptions> options,
        IEnumerable<IDirectLineRequestCounter> counters,
        TimeProvider time,
        ILogger<DirectLineRateLimiting> logger)
    {
        _options = options;
        _counter = counters.LastOrDefault();
        _time = time;
        _logger = logger;
    }

    public Func<OnRejectedContext, CancellationToken, ValueTask>? OnRejected => async (context, _) =>
    {
        // Our own body rather than the limiter's bare status, so clients get the Direct Line shape.
        await TooManyStarts(context.HttpContext).ExecuteAsync(context.HttpContext);
    };

    /// <summary>The 429 for an address over its limit (from the middleware, or from a start counted in its own write).</summary>
    internal static IResult TooManyStarts(HttpContext httpContext)
    {
        httpContext.Response.Headers.RetryAfter = "60";
        return DirectLineErrors.Error(
            StatusCodes.Status429TooManyRequests,
            DirectLineErrors.TooManyRequests,
            "Too many chats were started from this address. Please wait a minute and try again.");
    }

    /// <summary>The address a request is counted under (behind a proxy, the forwarded one).</summary>
    internal static string ClientOf(HttpContext httpContext) => httpContext.Connection.RemoteIpAddress?.ToString() ?? "unknown";

    public RateLimitPartition<string> GetPartition(HttpContext httpContext)
    {
        var client = ClientOf(httpContext);
        var permits = _options.CurrentValue.TokenRequestsPerMinute;
        if (_counter is { } counter)
        {
            return RateLimitPartition.Get(client, key => new SharedWindowRateLimiter(counter, key, permits, _time, _logger));
        }

        return RateLimitPartition.GetFixedWindowLimiter(client, _ => new FixedWindowRateLimiterOptions
        {
            PermitLimit = permits,
            Window = TimeSpan.FromMinutes(1),
            QueueLimit = 0,
            AutoReplenishment = true,
        });
    }
}
