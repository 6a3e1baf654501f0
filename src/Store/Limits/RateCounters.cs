using CoProduction.Store.Setup;
using Microsoft.EntityFrameworkCore;

namespace CoProduction.Store.Limits;

/// <summary>
/// Fixed-window request counts in the shared store: one atomic upsert per request (the same
/// SQL on SQLite and PostgreSQL), so simultaneous requests on several nodes are all counted.
/// On SQLite each write waits its turn at the <see cref="StoreWriteGate"/>, as a turn's does.
/// </summary>
public sealed class RateCounters(IDbContextFactory<StoreDbContext> contexts, StoreWriteGate writeGate)
{
    /// <summary>Counts one more request for <paramref name="key"/> in the window starting at <paramref name="windowStart"/>; returns the count including this one.</summary>
    public async Task<int> IncrementAsync(string key, DateTimeOffset windowStart, CancellationToken ct)
    {
        ArgumentException.ThrowIfNullOrEmpty(key);
        var window = windowStart.ToUnixTimeSeconds();
        await using var db = await contexts.CreateDbContextAsync(ct);
        await db.Database.OpenConnectionAsync(ct);
        // A plain command: EF's SqlQuery went through its LINQ pipeline on every chat start.
        await using var command = db.Database.GetDbConnection().CreateCommand();
        command.CommandText = Increment;
        AddParameter(command, "@key", key);
        AddParameter(command, "@window", window);
        using var writing = await writeGate.EnterAsync(ct);
        return Convert.ToInt32(await command.ExecuteScalarAsync(ct), System.Globalization.CultureInfo.InvariantCulture);
    }

    private const string Increment = """
        INSERT INTO "RateCounters" ("Key", "Window", "Count") VALUES (@key, @window, 1)
        ON CONFLICT ("Key") DO UPDATE SET
          "Count" = CASE WHEN "RateCounters"."Window" = excluded."Window" THEN "RateCounters"."Count" + 1 ELSE 1 END,
          "Window" = excluded."Window"
        RETURNING "Count"
        """;

    private static void AddParameter(System.Data.Common.DbCommand command, string name, object value)
    {
        var parameter = command.CreateParameter();
        parameter.ParameterName = name;
        parameter.Value = value;
        command.Parameters.Add(parameter);
    }

    /// <summary>Forgets counters whose window started before <paramref name="before"/>; returns how many.</summary>
    public async Task<int> DeleteOlderThanAsync(DateTimeOffset before, CancellationToken ct)
    {
        var window = before.ToUnixTimeSeconds();
        await using var db = await contexts.CreateDbContextAsync(ct);
        using var writing = await writeGate.EnterAsync(ct);
        return await db.RateCounters.Where(c => c.Window < window).ExecuteDeleteAsync(ct);
    }
}
