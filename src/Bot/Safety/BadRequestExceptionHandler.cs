using Microsoft.AspNetCore.Diagnostics;

namespace CoProduction.Bot.Safety;

/// <summary>
/// A request the server itself found bad (a body over its limit, unreadable JSON met while binding)
/// keeps its own 4xx status with a plain reason, rather than becoming our 500.
/// </summary>
public sealed class BadRequestExceptionHandler : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        if (exception is not BadHttpRequestException bad || httpContext.Response.HasStarted) return false;
        var (title, detail) = bad.StatusCode == StatusCodes.Status413PayloadTooLarge
            ? ("Too big", "What was sent is bigger than this address takes.")
            : ("Please check the request", "The request could not be read.");
        await Results.Problem(title: title, detail: detail, statusCode: bad.StatusCode).ExecuteAsync(httpContext);
        return true;
    }
}
