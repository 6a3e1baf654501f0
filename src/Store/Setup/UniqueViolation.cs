using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace CoProduction.Store.Setup;

/// <summary>A save refused by a unique index: how "two identical requests at once" shows itself on either provider.</summary>
internal static class UniqueViolation
{
    public static bool Is(DbUpdateException e) => e.InnerException switch
    {
        // 19 = SQLITE_CONSTRAINT; the extended codes are PRIMARYKEY (1555) and UNIQUE (2067).
        SqliteException s => s.SqliteErrorCode == 19 && s.SqliteExtendedErrorCode is 1555 or 2067,
        PostgresException p => p.SqlState == PostgresErrorCodes.UniqueViolation,
        _ => false,
    };
}
