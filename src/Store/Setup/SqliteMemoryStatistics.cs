using SQLitePCL;

namespace CoProduction.Store.Setup;

/// <summary>
/// SQLite keeps statistics of its memory (<c>sqlite3_memory_used</c>, the soft heap limit) unless told
/// not to before its first connection; keeping them takes one process-wide mutex around every
/// allocation and every free SQLite makes, about 60 of the 128 mutex enters a turn counted in
/// the twelfth round (an SMS turn at 8 phones). Nothing here reads the statistics or sets a heap limit, so the
/// store turns them off (<c>SQLITE_CONFIG_MEMSTATUS</c> 0) before it opens its first connection.
/// SQLite only accepts this before it has started in the process: when something else used SQLite
/// first (a tool, a test), it leaves them on, which costs time, nothing else.
/// </summary>
public static class SqliteMemoryStatistics
{
    private static int _tried;

    /// <summary>Whether the statistics are off in this process (false until <see cref="TurnOff"/> ran and SQLite accepted it).</summary>
    public static bool Off { get; private set; }

    /// <summary>Turns the statistics off once per process if SQLite has not started yet; later calls do nothing.</summary>
    public static bool TurnOff()
    {
        if (Interlocked.Exchange(ref _tried, 1) != 0) return Off;
        Batteries_V2.Init();
        Off = raw.sqlite3_config(raw.SQLITE_CONFIG_MEMSTATUS, 0) == raw.SQLITE_OK;
        return Off;
    }
}
