using System.Data.Common;
using Microsoft.Data.Sqlite;
using SQLitePCL;

namespace CoProduction.Scheduling.Bulk;

/// <summary>
/// One SQLite statement prepared once and run a row at a time, its values bound by position
/// straight through SQLite's own API (SQLitePCL.raw, which Microsoft.Data.Sqlite itself runs on),
/// on the connection's open transaction. Values go in the forms the driver stores them in
/// (<see cref="SqliteStoredForms"/>).
/// </summary>
/// <remarks>
/// Why not the driver or JSON rows: Microsoft.Data.Sqlite binds each parameter by name and runs its
/// command machinery for every execution, and JSON rows (<see cref="SqliteJsonRows"/>) made SQLite
/// turn each row of the array back into text and parse it again for every column (a profile of the
/// round job at 200,000 people had a fifth of its time in SQLite's JSON functions). Bound by
/// position, a row is one bind a column, a step and a reset.
/// </remarks>
internal sealed class SqlitePreparedRows : IDisposable
{
    private readonly sqlite3 _db;
    private readonly sqlite3_stmt _statement;

    public SqlitePreparedRows(DbConnection connection, string sql)
    {
        _db = (connection as SqliteConnection)?.Handle ?? throw new InvalidOperationException("An open SQLite connection is needed.");
        var rc = raw.sqlite3_prepare_v2(_db, sql, out _statement);
        if (rc != raw.SQLITE_OK) throw Failure(rc);
    }

    /// <summary>Binds a row's value to parameter <paramref name="column"/> (from 0), as SQLite stores it.</summary>
    public void Bind(int column, object? value)
    {
        var rc = SqliteStoredForms.Stored(value) switch
        {
            null => raw.sqlite3_bind_null(_statement, column + 1),
            long number => raw.sqlite3_bind_int64(_statement, column + 1, number),
            var text => raw.sqlite3_bind_text(_statement, column + 1, (string)text),
        };
        if (rc != raw.SQLITE_OK) throw Failure(rc);
    }

    /// <summary>Runs the statement with the values bound; the rows it changed (0 when an ON CONFLICT clause skipped the row).</summary>
    public int Run()
    {
        var rc = raw.sqlite3_step(_statement);
        if (rc != raw.SQLITE_DONE)
        {
            var failure = Failure(rc);
            raw.sqlite3_reset(_statement);
            throw failure;
        }
        var changed = raw.sqlite3_changes(_db);
        raw.sqlite3_reset(_statement);
        return changed;
    }

    public void Dispose() => _statement.Dispose();

    private SqliteException Failure(int rc) =>
        new(raw.sqlite3_errmsg(_db).utf8_to_string(), rc, raw.sqlite3_extended_errcode(_db));
}
