using System.Globalization;
using CoProduction.Bench;

namespace CoProduction.Turns.Bench;

/// <summary>
/// A PostgreSQL server setting decided by alternation (<c>--postgres-alternate NAME=VALUE</c>): one server and one warm
/// service, the SMS turn at one level, rounds in ABBA order (<see cref="PairSummary.Order"/>), A with the server's settings
/// as the bench sets them (with any <c>--postgres-set</c>), B with the given ones, each changed by ALTER SYSTEM and a reload
/// between runs; a setting the server takes only at its start (<c>shared_buffers</c>) restarts it before every run, A's
/// and B's alike, so that both sides start each run from the same fresh restart. The same server, store and service on both sides, so what differs is the setting and the moment; a
/// server setting run in two invocations (one <c>--postgres-set</c> each) compared two servers minutes apart, under
/// whatever else the machine ran then. The verdict on CPU a turn (the service's and the server's together) is the
/// pair's sign test; p99 and the WAL's flushes a turn are counted round by round beside it, never instead of it.
/// </summary>
internal static class PostgresAlternation
{
    /// <summary>One run: the pair's figures (CPU is the service's and the server's together) and the server's WAL flushes a turn.</summary>
    private sealed record AlternateRun(PairRun Run, double ServiceMs, double ServerMs, double? FlushesPerTurn);

    public static async Task<bool> RunAsync(
        ServiceProcess service,
        string connectionString,
        int? postmaster,
        Func<Task<int?>> restart,
        IReadOnlyList<KeyValuePair<string, string>> settingsB,
        int phones,
        int rounds,
        TimeSpan ramp,
        TimeSpan measure,
        Func<Task<long>> countStored)
    {
        var c = CultureInfo.InvariantCulture;
        var settingsA = await PostgresServerCounts.ShowAsync(connectionString, settingsB.Select(s => s.Key));
        Console.WriteLine();
        Console.WriteLine(string.Create(c,
            $"PostgreSQL setting alternated (--postgres-alternate): {rounds} rounds in ABBA order at {phones} phones, each run {measure.TotalSeconds:0} s counted after {ramp.TotalSeconds:0} s of load, on this one server and warm service; load average {Pair.LoadAverage()}."));
        Console.WriteLine($"  A: {PostgresServerCounts.SettingsText(settingsA)} (the bench's settings)");
        Console.WriteLine($"  B: {PostgresServerCounts.SettingsText(settingsB)}");
        Console.WriteLine("  CPU a turn below is the service's and the server's together.");
        var atStart = await PostgresServerCounts.TakenAtStartAsync(connectionString, settingsB.Select(s => s.Key));
        if (atStart.Count > 0)
            Console.WriteLine($"  {string.Join(", ", atStart)} taken only when the server starts: the server is restarted before every run (A's and B's), the service's connections found again in each run's {ramp.TotalSeconds:0} s of load before it is counted.");

        var runs = new List<AlternateRun>();
        var storedBefore = await countStored();
        long acknowledged = 0;
        for (var round = 1; round <= rounds; round++)
        {
            foreach (var build in PairSummary.Order(round))
            {
                var set = await PostgresServerCounts.SetAsync(connectionString, build == 'A' ? settingsA : settingsB);
                if (atStart.Count > 0)
                {
                    // The new postmaster is pinned where the old one was; what the server reads is shown after its start.
                    postmaster = await restart();
                    set = PostgresServerCounts.SettingsText(await PostgresServerCounts.ShowAsync(connectionString, settingsB.Select(s => s.Key))) + " (after a restart)";
                }
                Console.WriteLine($"  set {build}: {set}");
                var counted = await PostgresServerCounts.ReadAsync(connectionString);
                var serverCpu = postmaster is { } pm ? PostgresPinning.CpuTime(pm) : TimeSpan.Zero;
                var run = await LevelRun.SmsAsync(service, phones, ramp, measure);
                var serverMs = postmaster is { } pid ? (PostgresPinning.CpuTime(pid) - serverCpu).TotalMilliseconds / Math.Max(1, run.Acknowledged) : 0;
                var after = await PostgresServerCounts.ReadAsync(connectionString);
                acknowledged += run.Acknowledged;
                double? flushes = after.WalSyncs - counted.WalSyncs is { } n ? n / (double)Math.Max(1, run.Acknowledged) : null;
                var alternate = new AlternateRun(new PairRun(round, build, run.CpuMsPerTurn + serverMs, run.Result.PerSecond, run.Result.P99), run.CpuMsPerTurn, serverMs, flushes);
                runs.Add(alternate);
                Console.WriteLine(string.Create(c,
                    $"  {alternate.Run} (service {run.CpuMsPerTurn:0.000}, server {serverMs:0.000}); {(flushes is { } f ? $"{f:0.000} WAL flushes a turn" : "WAL flushes not counted")}; {PostgresServerCounts.Why(counted, after, run.Acknowledged)}{run.FailedNote}"));
            }
        }

        var summary = new PairSummary(runs.Select(r => r.Run).ToList());
        foreach (var line in summary.Lines()) Console.WriteLine("  " + line);
        foreach (var line in Beside(runs)) Console.WriteLine("  " + line);
        var stored = await countStored() - storedBefore;
        Console.WriteLine($"  stored: {LevelRun.Stored(acknowledged, stored)}");
        // The bench's settings back, for anything measured after.
        await PostgresServerCounts.SetAsync(connectionString, settingsA);
        return stored == acknowledged;
    }

    /// <summary>
    /// The counts printed beside the CPU's verdict: in how many rounds B's p99 and B's WAL flushes a turn were the lower
    /// (each with the same sign test), with each round's figures.
    /// </summary>
    private static IEnumerable<string> Beside(IReadOnlyList<AlternateRun> runs)
    {
        var c = CultureInfo.InvariantCulture;
        var paired = runs.GroupBy(r => r.Run.Round)
            .Select(g => (A: g.FirstOrDefault(r => r.Run.Build == 'A'), B: g.FirstOrDefault(r => r.Run.Build == 'B')))
            .Where(g => g.A is not null && g.B is not null)
            .Select(g => (A: g.A!, B: g.B!))
            .ToList();
        if (paired.Count == 0) yield break;
        string Count(string what, Func<AlternateRun, double?> figure, string format)
        {
            var both = paired.Where(g => figure(g.A) is not null && figure(g.B) is not null).ToList();
            if (both.Count == 0) return $"{what}: not counted";
            var (lower, higher) = (both.Count(g => figure(g.B) < figure(g.A)), both.Count(g => figure(g.B) > figure(g.A)));
            return string.Create(c,
                $"{what}: A {string.Join(", ", both.Select(g => figure(g.A)!.Value.ToString(format, c)))}; B {string.Join(", ", both.Select(g => figure(g.B)!.Value.ToString(format, c)))}; B lower in {lower} of {both.Count} rounds (sign test, two-sided: p = {PairSummary.SignTest(lower, lower + higher):0.000})");
        }
        yield return Count("p99 ms by round", r => r.Run.P99Ms, "0.0");
        yield return Count("WAL flushes a turn by round", r => r.FlushesPerTurn, "0.000");
        yield return Count("server's CPU ms a turn by round", r => r.ServerMs, "0.000");
    }
}
