using CoProduction.Store;
using Microsoft.AspNetCore.Diagnostics;

namespace CoProduction.Bot.Hosting;

/// <summary>
/// The HTTP error boundary's answer when a request failed because the store could not answer
/// just then (busy, out of reach, too slow): 503 with Retry-After, not 500, because asking again
/// in a moment will work and nothing is wrong with the request. Bot turns have their own
/// boundary (TurnErrorBoundary); this covers everything else (delivery reports, staff pages and API).
/// </summary>
public sealed class StoreBusyHandler(IProblemDetailsService problems, ILogger<StoreBusyHandler> logger) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        if (!StoreFailures.IsTransient(exception) || httpContext.Response.HasStarted) return false;

        logger.LogWarning("{Path} could not be answered just now: {Exception}", httpContext.Request.Path, CoProduction.Channels.TurnFailures.Describe(exception));
        return await ServiceUnavailable.WriteAsync(problems, httpContext, exception, "The service is busy just now. Please try again in a moment.", retryAfterSeconds: 5);
    }
}
