using Microsoft.AspNetCore.Diagnostics;
using Microsoft.EntityFrameworkCore;

namespace CoProduction.Bot.Safety;

/// <summary>
/// Two identical staff actions at the same moment (the same survey uploaded twice, one proposal
/// accepted twice): the database's unique keys let one through and stop the other, which gets 409
/// with a plain reason instead of a 500. Only for the staff API and pages: conversations have
/// their own retry and error boundary.
/// </summary>
public sealed class ConflictExceptionHandler : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        var path = httpContext.Request.Path;
        if (httpContext.Response.HasStarted || !(path.StartsWithSegments("/api") || path.StartsWithSegments("/staff"))) return false;
        if (exception is not DbUpdateException { InnerException: var inner } || !IsUniqueViolation(inner)) return false;
        await Results.Problem(
            title: "Done at the same moment by someone else",
            detail: "The same change was being made at the same moment, and that one was kept. Reload to see it, and try again if you still need to.",
            statusCode: StatusCodes.Status409Conflict).ExecuteAsync(httpContext);
        return true;
    }

    private static bool IsUniqueViolation(Exception? e) => e switch
    {
        Npgsql.PostgresException pg => pg.SqlState == Npgsql.PostgresErrorCodes.UniqueViolation,
        Microsoft.Data.Sqlite.SqliteException sqlite => sqlite.SqliteErrorCode == 19 && sqlite.SqliteExtendedErrorCode is 2067 or 1555,
        _ => false,
    };
}
