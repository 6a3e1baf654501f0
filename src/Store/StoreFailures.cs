using CoProduction.Store.Conversations;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Npgsql;

namespace CoProduction.Store;

/// <summary>
/// What a failure from the store means, in one place for both providers: "someone else wrote
/// that row first" (a unique index refused it) and "the store cannot answer right now" (busy,
/// locked, unreachable, timed out, or a conflict that outlasted the retries). The second is
/// never the person's fault, so a turn that fails that way must keep their survey as it was.
/// </summary>
public static class StoreFailures
{
    /// <summary>A unique index or primary key refused the row: another request wrote it first.</summary>
    public static bool IsUniqueViolation(DbUpdateException e) => e.InnerException is System.Data.Common.DbException inner && IsUniqueViolation(inner);

    /// <summary>As above, for a statement run without EF (the turn's prepared writes).</summary>
    public static bool IsUniqueViolation(System.Data.Common.DbException e) => e switch
    {
        // 19 = SQLITE_CONSTRAINT; the extended codes are PRIMARYKEY (1555) and UNIQUE (2067).
        SqliteException s => s.SqliteErrorCode == 19 && s.SqliteExtendedErrorCode is 1555 or 2067,
        PostgresException p => p.SqlState == PostgresErrorCodes.UniqueViolation,
        _ => false,
    };

    /// <summary>
    /// True when the failure will most likely pass if the same request is tried again in a
    /// moment: the store is busy, locked, out of reach or too slow, or other writers kept
    /// winning. Looks through wrapping exceptions (EF wraps the provider's).
    /// </summary>
    public static bool IsTransient(Exception exception)
    {
        for (var e = exception; e is not null; e = e.InnerException)
        {
            switch (e)
            {
                case ConversationConflictException:
                case DbUpdateConcurrencyException:
                case RetryLimitExceededException:
                case TimeoutException:
                // The request was given up (Twilio stopped waiting) or the host is stopping: the
                // turn was not recorded, and counting it against the person's state would be wrong.
                case OperationCanceledException:
                // 5 = SQLITE_BUSY, 6 = SQLITE_LOCKED, 14 = SQLITE_CANTOPEN (the file is out of reach),
                // 13 = SQLITE_FULL: a full disk, met at a commit (the whole transaction undone, a group
                // commit's every turn). It passes once space is made, so Twilio's retry must find the
                // person's survey as it was: before, it was answered as a broken turn (an apology that
                // Twilio does not retry, the message lost, and a second one set the survey aside), while
                // PostgreSQL's disk_full (53100) was already transient (Npgsql says so).
                case SqliteException { SqliteErrorCode: 5 or 6 or 13 or 14 }:
                case NpgsqlException { IsTransient: true }:
                    return true;
            }
        }
        return false;
    }
}
