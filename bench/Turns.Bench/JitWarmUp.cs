using System.Diagnostics;
using System.Globalization;

namespace CoProduction.Turns.Bench;

/// <summary>
/// Warms a service up until it is warm, so the levels measure the turn and not the compiler. With
/// tiered compilation on (as the service ships) every hot method is compiled two or three times
/// (quick code, then instrumented code, then optimised code with the profile gathered meanwhile),
/// and on one core that work counts as turn cost for tens of thousands of turns. 8 phones text in
/// windows of <see cref="Window"/>; the service's own <c>dotnet_jit_compiled_methods_total</c>
/// (GET /metrics) says how many methods the JIT compiled in each. The warm-up ends when all of:
/// <list type="bullet">
/// <item>at least <see cref="MinimumTurns"/> turns have been done (the runs that measured a warm
/// service had done 170,000 or more; a run that ended at fewer measured its first levels at three
/// times the cost of later ones);</item>
/// <item>the JIT has compiled under one method per <c>1/QuietShare</c> turns in each of the last
/// <see cref="QuietWindows"/> windows (30 s; the rule before asked it of 3 windows of 3 s, 9 s, which
/// a lull between two bursts of promotions passed). Not stricter: the service's background work
/// (Hangfire's jobs, their JSON) keeps being compiled and promoted at a pace set by the clock, not
/// by turns, 4-400 methods a 10-s window after 200,000 turns, so one method per 1,000 turns or under
/// 25 a window never held in 250 s on this machine (ninth round);</item>
/// <item>CPU a turn has stopped falling over those windows: none of the last <see cref="QuietWindows"/>
/// is more than <see cref="SteadyShare"/> below the best window before them (the rule before looked
/// at the last window alone, and one window that happened not to be a new best ended it);</item>
/// </list>
/// or at <see cref="Limit"/>, which the outcome says plainly. Windows of 10 s rather than 3 s: the
/// scrape's own code is promoted through its tiers too (up to 285 methods in the 1.5 s after a scrape
/// of an idle service, with the service's own promotions, but no new tier-0 code after the first
/// scrape), and one scrape in 10 s counts a third as much of it. The first scrape (556 methods
/// compiled for the first time, tier 0) is made before the first window and not counted. The JIT's own time counter is not used: on a busy core
/// it counts the compiler's waits as well as its work.
/// </summary>
public static class JitWarmUp
{
    public static readonly TimeSpan Window = TimeSpan.FromSeconds(10);
    public static readonly TimeSpan Limit = TimeSpan.FromSeconds(300);
    public const long MinimumTurns = 150_000;
    public const double QuietShare = 0.01;
    public const int QuietWindows = 3;

    /// <summary>
    /// None of the last <see cref="QuietWindows"/> windows' CPU a turn may be more than this much below the lowest of the
    /// windows before them: more, and the turn is still getting cheaper (the runtime still promoting methods, few at a time).
    /// </summary>
    public const double SteadyShare = 0.05;

    /// <summary>How the warm-up decides, for the bench's first lines.</summary>
    public static string Rule => string.Create(CultureInfo.InvariantCulture,
        $"at least {MinimumTurns:N0} turns; then the JIT under one method per {1 / QuietShare:N0} turns in each of {QuietWindows} windows of {Window.TotalSeconds:0} s in a row, and none of those windows' CPU a turn more than {SteadyShare:P0} below the best window before them; at most {Limit.TotalSeconds:0} s");

    /// <summary>One window of the warm-up: its turns, the methods the JIT compiled and the service's CPU over it.</summary>
    public sealed record Step(int Index, TimeSpan At, long Turns, double Methods, double CpuMsPerTurn, long TurnsSoFar)
    {
        public override string ToString() => string.Create(CultureInfo.InvariantCulture,
            $"window {Index + 1} (to {At.TotalSeconds:0} s, {TurnsSoFar:N0} turns so far): {Turns:N0} turns, {Methods:N0} methods compiled, {CpuMsPerTurn:0.000} ms CPU a turn");
    }

    public sealed record Outcome(TimeSpan Took, long Turns, double LastMethods, long LastTurns, bool Warm, int InARow, double CpuMsPerTurn, double BestBefore, string Missing)
    {
        public override string ToString()
        {
            var done = string.Create(CultureInfo.InvariantCulture,
                $"warmed up in {Took.TotalSeconds:0} s ({Turns:N0} turns): the JIT compiled {LastMethods:N0} methods in the last window ({LastTurns:N0} turns)");
            return Warm
                ? done + string.Create(CultureInfo.InvariantCulture,
                    $", quiet for {InARow} windows in a row, and CPU a turn has stopped falling (the last window {CpuMsPerTurn:0.000} ms, the best before them {BestBefore:0.000} ms)")
                : done + string.Create(CultureInfo.InvariantCulture,
                    $" -- NOT WARM after {Limit.TotalSeconds:0} s ({Missing}): the first levels include JIT work and turns still getting cheaper; last window {CpuMsPerTurn:0.000} ms CPU a turn, best before {BestBefore:0.000} ms");
        }
    }

    public static Task<Outcome> RunAsync(ServiceProcess service, string token, TimeSpan minimum, Func<Step, bool, Task>? watch = null) =>
        RunAsync(service, minimum, Window, QuietWindows, MinimumTurns, QuietShare, async _ =>
        {
            var load = new SmsLoad(service.Url, token);
            await load.RunAsync(8, TimeSpan.Zero, Window);
            return load.Acknowledged;
        }, watch);

    /// <summary>
    /// The same, for web chat, before the chat rows: the SMS warm-up leaves the chat's own code (Direct
    /// Line's endpoints, the WebSocket, tokens, the activities' JSON, a visitor's start) at its quick
    /// code, so the first chat row measured the compiler too. 8 visitors go through the survey, the
    /// windows (3 s) taking the four chat rows' ways in turn (a new visitor each survey over the WebSocket and
    /// by polling, then kept conversations), until two whole rounds of them are quiet (under one method
    /// per 100 turns): with one round, the first chat row after it still compiled some hundreds of methods.
    /// (The chat windows differ in their cost a turn by design, so only the JIT's quiet counts here, not
    /// CPU a turn; unchanged in the ninth round.)
    /// </summary>
    public static Task<Outcome> RunChatAsync(ServiceProcess service, string secret, TimeSpan minimum) =>
        RunAsync(service, minimum, TimeSpan.FromSeconds(3), 8, 0, 0.01, async window =>
        {
            var load = new ChatLoad(service.Url, secret, stream: window % 2 == 0, keepConversation: window / 2 % 2 == 1);
            return (await load.RunAsync(8, TimeSpan.Zero, TimeSpan.FromSeconds(3))).Turns;
        }, null, steadyCpu: false);

    /// <summary>
    /// Windows until, after <paramref name="minimumTurns"/>, the JIT is quiet for <paramref name="quietWindows"/> windows in a row and (when
    /// <paramref name="steadyCpu"/>) none of those windows' CPU a turn is more than <see cref="SteadyShare"/> below the best window before
    /// them. <paramref name="watch"/> sees every window, and whether the rule of the eighth round (3 quiet windows at one method per
    /// 100 turns, the last window not a new best by 5%, no minimum of turns; its windows were 3 s, these are 10 s) would have ended there.
    /// </summary>
    private static async Task<Outcome> RunAsync(ServiceProcess service, TimeSpan minimum, TimeSpan length, int quietWindows, long minimumTurns,
        double quietShare, Func<int, Task<long>> window, Func<Step, bool, Task>? watch, bool steadyCpu = true)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };
        // The scrape's own first compile (hundreds of methods at tier 0), before anything is counted.
        await CompiledMethodsAsync(http, service.Url);
        var started = Stopwatch.StartNew();
        long turns = 0, lastTurns = 0;
        var methods = double.MaxValue;
        int quietInARow = 0, oldQuietInARow = 0;
        var cpus = new List<double>();
        double cpuPerTurn = 0, bestBefore = double.MaxValue;
        var missing = "";
        for (var n = 0; started.Elapsed < Limit; n++)
        {
            var before = await CompiledMethodsAsync(http, service.Url);
            var cpu = service.CpuTime();
            lastTurns = await window(n);
            var cpuUsed = service.CpuTime() - cpu;
            turns += lastTurns;
            methods = await CompiledMethodsAsync(http, service.Url) - before;
            cpuPerTurn = cpuUsed.TotalMilliseconds / Math.Max(1, lastTurns);
            cpus.Add(cpuPerTurn);
            quietInARow = methods < quietShare * lastTurns ? quietInARow + 1 : 0;
            oldQuietInARow = methods < 0.01 * lastTurns ? oldQuietInARow + 1 : 0;
            // The best window before the last quietWindows, and whether any of those is more than SteadyShare below it.
            bestBefore = cpus.Count > quietWindows ? cpus.Take(cpus.Count - quietWindows).Min() : double.MaxValue;
            var steady = !steadyCpu || (cpus.Count > quietWindows && cpus.Skip(cpus.Count - quietWindows).All(c => c >= (1 - SteadyShare) * bestBefore));
            var enoughTurns = turns >= minimumTurns;
            var quiet = quietInARow >= quietWindows && started.Elapsed >= minimum;
            missing = string.Join("; ", new[]
            {
                enoughTurns ? null : string.Create(CultureInfo.InvariantCulture, $"{turns:N0} of {minimumTurns:N0} turns"),
                quietInARow >= quietWindows ? null : $"the JIT quiet for {quietInARow} of {quietWindows} windows",
                steady ? null : "CPU a turn still falling",
            }.Where(m => m is not null));
            if (watch is not null)
            {
                var oldSteady = n == 0 || cpuPerTurn >= (1 - SteadyShare) * cpus.Take(cpus.Count - 1).Min();
                await watch(new Step(n, started.Elapsed, lastTurns, methods, cpuPerTurn, turns), oldQuietInARow >= 3 && oldSteady && started.Elapsed >= minimum);
            }
            if (quiet && steady && enoughTurns) return new Outcome(started.Elapsed, turns, methods, lastTurns, true, quietWindows, cpuPerTurn, bestBefore, "");
        }
        return new Outcome(started.Elapsed, turns, methods, lastTurns, false, quietInARow, cpuPerTurn, bestBefore, missing);
    }

    /// <summary>Methods the JIT has compiled (tier-ups included) since the service started (its Prometheus counter).</summary>
    public static async Task<double> CompiledMethodsAsync(HttpClient http, Uri service)
    {
        var text = await http.GetStringAsync(new Uri(service, "/metrics"));
        return Parse(text) ?? throw new InvalidOperationException("GET /metrics has no dotnet_jit_compiled_methods_total: the warm-up cannot tell when the JIT is done.");
    }

    public static double? Parse(string metrics)
    {
        foreach (var line in metrics.Split('\n'))
        {
            if (!line.StartsWith("dotnet_jit_compiled_methods_total", StringComparison.Ordinal)) continue;
            var value = line[(line.LastIndexOf(' ') + 1)..].Trim();
            if (double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var count)) return count;
        }
        return null;
    }
}
