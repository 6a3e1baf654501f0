using CoProduction.Store.Conversations;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace CoProduction.Store.Tests;

/// <summary>Which failures are passing (try again shortly, keep the person's survey) and which are not.</summary>
public sealed class StoreFailuresTests
{
    public static TheoryData<string, Exception, bool> Failures => new()
    {
        { "SQLite busy", new SqliteException("database is locked", 5), true },
        { "SQLite table locked", new SqliteException("database table is locked", 6), true },
        { "SQLite file out of reach", new SqliteException("unable to open database file", 14), true },
        { "SQLite disk full", new SqliteException("database or disk is full", 13), true },
        { "PostgreSQL disk full", new PostgresException("could not extend file", "ERROR", "ERROR", PostgresErrorCodes.DiskFull), true },
        { "SQLite busy, wrapped by EF", new DbUpdateException("save failed", new SqliteException("database is locked", 5)), true },
        { "PostgreSQL unreachable", new NpgsqlException("Failed to connect", new System.Net.Sockets.SocketException()), true },
        { "PostgreSQL serialization failure", new PostgresException("could not serialize", "ERROR", "ERROR", PostgresErrorCodes.SerializationFailure), true },
        { "a timeout", new TimeoutException(), true },
        { "a request given up", new OperationCanceledException(), true },
        { "conflicts after the retries", new ConversationConflictException(3), true },
        { "SQLite constraint", new SqliteException("UNIQUE constraint failed", 19), false },
        { "PostgreSQL syntax error", new PostgresException("syntax error", "ERROR", "ERROR", PostgresErrorCodes.SyntaxError), false },
        { "unreadable saved state", new System.Text.Json.JsonException("not json"), false },
        { "a bug", new InvalidOperationException("the turn refers to a session that is not in the store"), false },
    };

    [Theory]
    [MemberData(nameof(Failures))]
    public void IsTransient_SaysWhetherAskingAgainShortlyWillWork(string failure, Exception exception, bool transient) =>
        Assert.True(StoreFailures.IsTransient(exception) == transient, $"{failure}: expected transient = {transient}");
}
