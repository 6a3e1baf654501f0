using System.Collections.Concurrent;
using System.Data.Common;
using System.Diagnostics;
using Microsoft.EntityFrameworkCore.Diagnostics;

/// <summary>Optional (BENCH_PROFILE=1): time spent per SQL statement shape, to see where a phase goes.</summary>
internal sealed class SqlProfile : DbCommandInterceptor
{
    public static readonly SqlProfile Instance = new();
    private readonly ConcurrentDictionary<string, (int Count, double Ms)> _totals = new();
    private readonly ConcurrentDictionary<DbCommand, long> _started = new();

    private static string Shape(string sql)
    {
        var s = System.Text.RegularExpressions.Regex.Replace(sql, @"@\w+", "@p");
        s = System.Text.RegularExpressions.Regex.Replace(s, @"(@p,\s*)+@p", "@p..");
        s = System.Text.RegularExpressions.Regex.Replace(s, @"\s+", " ");
        return s.Length > 220 ? s[..220] : s;
    }

    private void Start(DbCommand c) => _started[c] = Stopwatch.GetTimestamp();
    private void Stop(DbCommand c)
    {
        if (!_started.TryRemove(c, out var t)) return;
        var ms = Stopwatch.GetElapsedTime(t).TotalMilliseconds;
        _totals.AddOrUpdate(Shape(c.CommandText), (1, ms), (_, v) => (v.Count + 1, v.Ms + ms));
    }

    public void Report(string phase)
    {
        Console.WriteLine($"    -- SQL in {phase}:");
        foreach (var (sql, v) in _totals.OrderByDescending(kv => kv.Value.Ms).Take(8))
            Console.WriteLine($"       {v.Ms,9:F0} ms {v.Count,7}x  {sql}");
        _totals.Clear();
    }

    public override ValueTask<InterceptionResult<DbDataReader>> ReaderExecutingAsync(DbCommand c, CommandEventData e, InterceptionResult<DbDataReader> r, CancellationToken ct = default) { Start(c); return ValueTask.FromResult(r); }
    public override ValueTask<DbDataReader> ReaderExecutedAsync(DbCommand c, CommandExecutedEventData e, DbDataReader r, CancellationToken ct = default) { Stop(c); return ValueTask.FromResult(r); }
    public override ValueTask<InterceptionResult<int>> NonQueryExecutingAsync(DbCommand c, CommandEventData e, InterceptionResult<int> r, CancellationToken ct = default) { Start(c); return ValueTask.FromResult(r); }
    public override ValueTask<int> NonQueryExecutedAsync(DbCommand c, CommandExecutedEventData e, int r, CancellationToken ct = default) { Stop(c); return ValueTask.FromResult(r); }
    public override ValueTask<InterceptionResult<object>> ScalarExecutingAsync(DbCommand c, CommandEventData e, InterceptionResult<object> r, CancellationToken ct = default) { Start(c); return ValueTask.FromResult(r); }
    public override ValueTask<object?> ScalarExecutedAsync(DbCommand c, CommandExecutedEventData e, object? r, CancellationToken ct = default) { Stop(c); return ValueTask.FromResult(r); }
}
