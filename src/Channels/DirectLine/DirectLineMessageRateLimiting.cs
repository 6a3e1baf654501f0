using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;
using System.Threading.RateLimiting;

namespace CoProduction.Channels.DirectLine;

/// <summary>
/// The rate limit on posting activities, per conversation (<see cref="DirectLineOptions.MessagesPerMinute"/>):
/// every activity runs the bot and may write to the store, so one chat cannot flood either.
/// </summary>
public sealed class DirectLineMessageRateLimiting(IOptionsMonitor<DirectLineOptions> options) : IRateLimiterPolicy<string>
{
    public const string PolicyName = "DirectLineMessages";

    public Func<OnRejectedContext, CancellationToken, ValueTask>? OnRejected => async (context, _) =>
    {
        context.HttpContext.Response.Headers.RetryAfter = "60";
        await DirectLineErrors.Error(
            StatusCodes.Status429TooManyRequests,
            DirectLineErrors.TooManyRequests,
            "Too many messages in this chat. Please wait a minute and try again.").ExecuteAsync(context.HttpContext);
    };

    public RateLimitPartition<string> GetPartition(HttpContext httpContext)
    {
        var conversation = httpContext.Request.RouteValues["conversationId"]?.ToString() ?? "";
        var permits = options.CurrentValue.MessagesPerMinute;
        return RateLimitPartition.GetFixedWindowLimiter(conversation, _ => new FixedWindowRateLimiterOptions
        {
            PermitLimit = permits,
            Window = TimeSpan.FromMinutes(1),
            QueueLimit = 0,
            AutoReplenishment = true,
        });
    }
}
