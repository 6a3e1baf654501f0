using System.Data.Common;
using System.Text.RegularExpressions;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace CoProduction.Bot.Tests.Infrastructure;

/// <summary>
/// The service's real store, made to fail on demand: an EF command interceptor that, while
/// armed, throws the provider's own exception instead of running a command (the database busy,
/// out of reach, too slow), or makes updates of a table match no row (another turn saved first,
/// every time); while armed, opening a connection fails the same way. Registered in every <see cref="ServiceFactory"/>; inert until armed.
/// Every kind of command reaches <see cref="Executing"/> through <see cref="StoreCommandHook"/>.
/// </summary>
public sealed class FailingStore : StoreCommandHook, IDbConnectionInterceptor
{
    // Opening a connection fails too: the store's prepared statements run on EF's connection
    // without its command pipeline, so a busy store must reach them where they connect.
    InterceptionResult IDbConnectionInterceptor.ConnectionOpening(DbConnection connection, ConnectionEventData eventData, InterceptionResult result)
    {
        if (_failure is { } failure) throw failure();
        return result;
    }

    ValueTask<InterceptionResult> IDbConnectionInterceptor.ConnectionOpeningAsync(DbConnection connection, ConnectionEventData eventData, InterceptionResult result, CancellationToken cancellationToken)
    {
        if (_failure is { } failure) throw failure();
        return ValueTask.FromResult(result);
    }

    private volatile Func<Exception>? _failure;
    private volatile string? _updatesLost;

    /// <summary>Every command fails with <paramref name="failure"/> until <see cref="Heal"/>.</summary>
    public void FailWith(Func<Exception> failure) => _failure = failure;

    /// <summary>Every UPDATE of <paramref name="table"/> matches no row, as if another writer always got there first.</summary>
    public void LoseEveryUpdateOf(string table) => _updatesLost = table;

    public void Heal()
    {
        _failure = null;
        _updatesLost = null;
    }

    public static Exception Busy() => new SqliteException("database is locked", 5);
    public static Exception Unreachable() => new SqliteException("unable to open database file", 14);
    /// <summary>SQLite's SQLITE_FULL, as a commit meets a full disk when it appends to the write-ahead log (a group commit fails every turn of its batch with it).</summary>
    public static Exception DiskFull() => new SqliteException("database or disk is full", 13);
    public static Exception Slow() => new TimeoutException("The store did not answer in time.");

    protected override void Executing(DbCommand command, CommandEventData eventData, CancellationToken cancellationToken)
    {
        if (_failure is { } failure) throw failure();
        if (_updatesLost is { } table)
        {
            // EF's own concurrency check then sees no row affected: DbUpdateConcurrencyException.
            command.CommandText = Regex.Replace(
                command.CommandText, $"(UPDATE \"{table}\" SET [^;]*?\\sWHERE\\s)", "${1}0 AND ");
        }
    }
}
