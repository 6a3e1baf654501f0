using Microsoft.AspNetCore.Diagnostics;

namespace CoProduction.Bot.Safety;

/// <summary>
/// A request the server itself found bad (a body over its limit, unreadable JSON met while binding)
/// keeps its own 4xx status with a plain reason, rather than becoming our 500; so does a value the
/// store cannot hold (<see cref="CoProduction.Store.StoredValueGuard"/>: too long for its column).
/// </summary>
public sealed class BadRequestExceptionHandler : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        if (httpContext.Response.HasStarted) return false;
        if (exception is CoProduction.Store.StoredValueException stored)
        {
            await Results.Problem(title: "Please check the request", detail: stored.Message, statusCode: StatusCodes.Status400BadRequest).ExecuteAsync(httpContext);
            return true;
        }
        if (exception is not BadHttpRequestException bad) return false;
        var (title, detail) = bad.StatusCode == StatusCodes.Status413PayloadTooLarge
            ? ("Too big", "What was sent is bigger than this address takes.")
            : ("Please check the request", "The request could not be read.");
        await Results.Problem(title: title, detail: detail, statusCode: bad.StatusCode).ExecuteAsync(httpContext);
        return true;
    }
}
