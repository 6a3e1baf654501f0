using Microsoft.AspNetCore.Mvc;

namespace CoProduction.Bot.Hosting;

/// <summary>
/// The one way the HTTP error boundary says "not just now": 503, how long to wait before asking
/// again, and the reason in plain words as a problem document. Used by every handler whose
/// failure is passing (<see cref="StoreBusyHandler"/>, <see cref="JobQueueRefusedHandler"/>).
/// </summary>
internal static class ServiceUnavailable
{
    public static ValueTask<bool> WriteAsync(IProblemDetailsService problems, HttpContext httpContext, Exception exception, string title, int retryAfterSeconds)
    {
        httpContext.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
        httpContext.Response.Headers.RetryAfter = retryAfterSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
        return problems.TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = httpContext,
            Exception = exception,
            ProblemDetails = new ProblemDetails { Status = StatusCodes.Status503ServiceUnavailable, Title = title },
        });
    }
}
