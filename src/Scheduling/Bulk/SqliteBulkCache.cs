using System.Data.Common;

namespace CoProduction.Scheduling.Bulk;

/// <summary>
/// A bigger SQLite page cache on one connection while it writes in bulk, back to what it was
/// afterwards (SQLite frees the pages over the limit when the limit drops, so the pooled
/// connection does not keep them). Why: a bulk write in one transaction fills SQLite's default
/// 2 MB cache with changed pages, which it then spills to the log and reads back, and a random
/// key (an invitation's token) touches a different page of its index with each row.
/// </summary>
internal sealed class SqliteBulkCache : IDisposable
{
    /// <summary>In KiB (SQLite's negative cache_size): 64 MB, the most one bulk write holds.</summary>
    public const int Kibibytes = 64 * 1024;

    private readonly DbConnection _connection;
    private readonly DbTransaction? _transaction;
    private readonly long _before;

    private SqliteBulkCache(DbConnection connection, DbTransaction? transaction, long before)
    {
        _connection = connection;
        _transaction = transaction;
        _before = before;
    }

    public static SqliteBulkCache Enlarge(DbConnection connection, DbTransaction? transaction)
    {
        var before = Convert.ToInt64(Run(connection, transaction, "PRAGMA cache_size;"), System.Globalization.CultureInfo.InvariantCulture);
        Run(connection, transaction, $"PRAGMA cache_size = -{Kibibytes};");
        return new SqliteBulkCache(connection, transaction, before);
    }

    public void Dispose() => Run(_connection, _transaction, $"PRAGMA cache_size = {_before};");

    private static object? Run(DbConnection connection, DbTransaction? transaction, string sql)
    {
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        return command.ExecuteScalar();
    }
}
