using System.Diagnostics;
using System.Globalization;

namespace CoProduction.Turns.Bench;

/// <summary>
/// Warms a service up until its JIT has gone quiet, so the levels measure the turn and not the
/// compiler. With tiered compilation on (as the service ships) every hot method is compiled twice
/// or more (quick code first, then optimised code with the profile gathered meanwhile), and on one
/// core that work counts as turn cost for thousands of turns. The service's own
/// <c>dotnet_jit_compiled_methods_total</c> (GET /metrics) says how many methods the JIT compiled:
/// 8 phones text in windows until a window has fewer compiled methods than <see cref="QuietShare"/>
/// of its turns (one compile, a millisecond or so, per 100 turns of a few milliseconds each), or
/// until <see cref="Limit"/> (180 s: 90 s, the limit before, often ended on a busy pinned core while the
/// runtime was still promoting methods, 26-293 compiled in the last 3 s of the last quiet run), and that for <see cref="QuietWindows"/> windows in a row: the runtime
/// holds back promotions to optimised code while quick code is still being compiled (on a service
/// that sees one core, as pinned here, for a second after each), so one quiet window often came
/// just before a burst of them, and the levels after it measured a service still at its quick code
/// (a turn 1.9-2.7 ms there against 0.9-1.1 ms once the promotions were done). The JIT's own time
/// counter is not used: on a busy core it counts the compiler's waits as well as its work.
/// </summary>
public static class JitWarmUp
{
    public static readonly TimeSpan Window = TimeSpan.FromSeconds(3);
    public static readonly TimeSpan Limit = TimeSpan.FromSeconds(180);
    public const double QuietShare = 0.01;
    public const int QuietWindows = 3;

    /// <summary>
    /// The last window's CPU a turn may be at most this much below the lowest of the windows before it:
    /// more, and the turn is still getting cheaper (the runtime still promoting methods, few at a time).
    /// </summary>
    public const double SteadyShare = 0.05;

    /// <summary>One window of the warm-up: its turns, the methods the JIT compiled and the service's CPU over it.</summary>
    public sealed record Step(int Index, TimeSpan At, long Turns, double Methods, double CpuMsPerTurn)
    {
        public override string ToString() => string.Create(CultureInfo.InvariantCulture,
            $"window {Index + 1} (to {At.TotalSeconds:0} s): {Turns:N0} turns, {Methods:N0} methods compiled, {CpuMsPerTurn:0.000} ms CPU a turn");
    }

    public sealed record Outcome(TimeSpan Took, long Turns, double LastMethods, long LastTurns, bool Quiet, int InARow, double CpuMsPerTurn, double BestBefore)
    {
        public override string ToString()
        {
            var done = string.Create(CultureInfo.InvariantCulture,
                $"warmed up in {Took.TotalSeconds:0} s ({Turns:N0} turns): the JIT compiled {LastMethods:N0} methods in the last {Window.TotalSeconds:0} s ({LastTurns:N0} turns)");
            return Quiet
                ? done + string.Create(CultureInfo.InvariantCulture,
                    $", under one per {1 / QuietShare:0} turns for {InARow} windows in a row, and CPU a turn has stopped falling ({CpuMsPerTurn:0.000} ms, the best window before {BestBefore:0.000} ms)")
                : done + string.Create(CultureInfo.InvariantCulture,
                    $" (not quiet for {InARow} windows in a row with CPU a turn steady after {Limit.TotalSeconds:0} s: the first levels include some JIT work; last window {CpuMsPerTurn:0.000} ms CPU a turn, best before {BestBefore:0.000} ms)");
        }
    }

    public static Task<Outcome> RunAsync(ServiceProcess service, string token, TimeSpan minimum, Func<Step, bool, Task>? watch = null) =>
        RunAsync(service, minimum, QuietWindows, async _ =>
        {
            var load = new SmsLoad(service.Url, token);
            await load.RunAsync(8, TimeSpan.Zero, Window);
            return load.Acknowledged;
        }, watch);

    /// <summary>
    /// The same, for web chat, before the chat rows: the SMS warm-up leaves the chat's own code (Direct
    /// Line's endpoints, the WebSocket, tokens, the activities' JSON, a visitor's start) at its quick
    /// code, so the first chat row measured the compiler too. 8 visitors go through the survey, the
    /// windows taking the four chat rows' ways in turn (a new visitor each survey over the WebSocket and
    /// by polling, then kept conversations), until two whole rounds of them are quiet: with one round, the
    /// first chat row after it still compiled some hundreds of methods. (The chat windows differ in their
    /// cost a turn by design, so only the JIT's quiet counts here, not CPU a turn.)
    /// </summary>
    public static Task<Outcome> RunChatAsync(ServiceProcess service, string secret, TimeSpan minimum) =>
        RunAsync(service, minimum, 8, async window =>
        {
            var load = new ChatLoad(service.Url, secret, stream: window % 2 == 0, keepConversation: window / 2 % 2 == 1);
            return (await load.RunAsync(8, TimeSpan.Zero, Window)).Turns;
        }, null, steadyCpu: false);

    /// <summary>
    /// Windows until the JIT is quiet for <paramref name="quietWindows"/> windows in a row and (when
    /// <paramref name="steadyCpu"/>) the service's CPU a turn in the last window is not more than
    /// <see cref="SteadyShare"/> below the best window before it. <paramref name="watch"/> sees every
    /// window, and whether the quiet-JIT rule alone (the rule before) would have ended there.
    /// </summary>
    private static async Task<Outcome> RunAsync(ServiceProcess service, TimeSpan minimum, int quietWindows, Func<int, Task<long>> window,
        Func<Step, bool, Task>? watch, bool steadyCpu = true)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };
        var started = Stopwatch.StartNew();
        long turns = 0, lastTurns = 0;
        var methods = double.MaxValue;
        var quietInARow = 0;
        double cpuPerTurn = 0, bestBefore = double.MaxValue;
        for (var n = 0; started.Elapsed < Limit; n++)
        {
            var before = await CompiledMethodsAsync(http, service.Url);
            var cpu = service.CpuTime();
            lastTurns = await window(n);
            var cpuUsed = service.CpuTime() - cpu;
            turns += lastTurns;
            methods = await CompiledMethodsAsync(http, service.Url) - before;
            if (n > 0) bestBefore = Math.Min(bestBefore, cpuPerTurn);
            cpuPerTurn = cpuUsed.TotalMilliseconds / Math.Max(1, lastTurns);
            quietInARow = methods < QuietShare * lastTurns ? quietInARow + 1 : 0;
            var quiet = quietInARow >= quietWindows && started.Elapsed >= minimum;
            var steady = !steadyCpu || cpuPerTurn >= (1 - SteadyShare) * bestBefore;
            if (watch is not null) await watch(new Step(n, started.Elapsed, lastTurns, methods, cpuPerTurn), quiet);
            if (quiet && steady) return new Outcome(started.Elapsed, turns, methods, lastTurns, true, quietWindows, cpuPerTurn, bestBefore);
        }
        return new Outcome(started.Elapsed, turns, methods, lastTurns, false, quietWindows, cpuPerTurn, bestBefore);
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
