using CoProduction.Bot.Staff;
using Hangfire;
using Microsoft.AspNetCore.Diagnostics;

namespace CoProduction.Bot.Hosting;

/// <summary>
/// The HTTP error boundary's answer when the job queue refused a job (its storage out of reach or
/// failing): 503 with Retry-After and a plain reason, not 500, because the request was fine and
/// asking again in a few minutes will work. Whoever enqueued the job undid its own first step
/// (<see cref="RoundLauncher"/>, <see cref="ResultsSendBack"/>), so the store is as it was.
/// </summary>
public sealed class JobQueueRefusedHandler(IProblemDetailsService problems, ILogger<JobQueueRefusedHandler> logger) : IExceptionHandler
{
    public const string Generic = "We could not start this just now. Please try again in a few minutes.";

    /// <summary>How long to wait before asking again (pages that show the refusal themselves say the same).</summary>
    public const int RetryAfterSeconds = 120;

    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        if (httpContext.Response.HasStarted) return false;
        var title = exception switch
        {
            JobQueueRefusedException refused => refused.Message,
            BackgroundJobClientException => Generic,
            _ => null,
        };
        if (title is null) return false;

        logger.LogWarning("{Path}: the job queue refused a job: {Exception}", httpContext.Request.Path, CoProduction.Channels.TurnFailures.Describe(exception));
        return await ServiceUnavailable.WriteAsync(problems, httpContext, exception, title, retryAfterSeconds: RetryAfterSeconds);
    }
}
