using System.Globalization;
using CoProduction.Bench;

namespace CoProduction.Turns.Bench;

/// <summary>
/// The SMS turn against the bare endpoint, interleaved (<see cref="RatioSummary"/> with
/// <see cref="RatioGoal.SmsAtLeastAFifthOfBare"/>): both servers warm and pinned to core 0, each round runs the bare
/// endpoint and the SMS turn once at one level, the bare endpoint first in odd rounds and last in even ones, each run the
/// same seconds, and gives the round one share: the SMS turn's turns a second over the bare endpoint's requests a second.
/// The one command's "of bare" column divides two rows measured up to twenty minutes apart (round 25: three runs of the
/// SMS turn at 32 phones read 15.8 to 19.1% of one bare figure); here each share is of a bare run seconds away.
/// <c>--bare-ratio</c> runs it alone, at each level of <c>--phones</c> (default 8,32,64).
/// </summary>
internal static class BareRatio
{
    /// <summary>Runs the rounds at each level and prints every run and each level's summary; false when an SMS turn acknowledged is not stored.</summary>
    public static async Task<bool> RunAsync(ServiceProcess bare, ServiceProcess service, string file, IReadOnlyList<int> levels, int rounds, TimeSpan ramp, TimeSpan measure)
    {
        using var scrape = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };
        var c = CultureInfo.InvariantCulture;
        var allStored = true;
        var summaries = new List<string>();
        foreach (var phones in levels)
        {
            Console.WriteLine();
            Console.WriteLine(string.Create(c, $"The SMS turn against the bare endpoint, interleaved: {rounds} rounds at {phones} phones, each run {measure.TotalSeconds:0} s counted after {ramp.TotalSeconds:0} s of load, the bare endpoint first in odd rounds and last in even ones; load average {Pair.LoadAverage()}."));
            var before = await LevelRun.CountSqliteAsync(file, "Sms");
            long acknowledged = 0;
            var runs = new List<RatioRun>();
            for (var round = 1; round <= rounds; round++)
            {
                foreach (var name in RatioSummary.Order(round, [RatioSummary.Sms], RatioSummary.Bare))
                {
                    // The bare endpoint's /metrics gives only the JIT's count (no KB allocated), and it stores nothing.
                    var (run, kb) = name == RatioSummary.Bare
                        ? (await LevelRun.SmsAsync(bare, phones, ramp, measure), null)
                        : await LevelRun.RowAsync(scrape, service, phones, null, ramp, measure);
                    if (name == RatioSummary.Sms) acknowledged += run.Acknowledged;
                    var ratioRun = new RatioRun(round, name, run.CpuMsPerTurn, run.Result.PerSecond, run.Result.P99, kb);
                    runs.Add(ratioRun);
                    Console.WriteLine($"  {ratioRun}{run.FailedNote}");
                }
            }
            var lines = new RatioSummary(runs, RatioGoal.SmsAtLeastAFifthOfBare).Lines(RatioSummary.Sms, $"SMS turn at {phones} phones").ToList();
            foreach (var line in lines) Console.WriteLine(line);
            summaries.AddRange(lines);
            var stored = await LevelRun.CountSqliteAsync(file, "Sms") - before;
            allStored &= stored == acknowledged;
            Console.WriteLine($"  stored, SMS: {LevelRun.Stored(acknowledged, stored)}");
        }
        if (levels.Count > 1)
        {
            Console.WriteLine();
            Console.WriteLine("Every level:");
            foreach (var line in summaries) Console.WriteLine(line);
        }
        return allStored;
    }
}
