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
