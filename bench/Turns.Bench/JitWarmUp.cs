using System.Diagnostics;
using System.Globalization;

namespace CoProduction.Turns.Bench;

/// <summary>
/// Warms a service up until its JIT has gone quiet, so the levels measure the turn and not the
/// compiler. With tiered compilation on (as the service ships) every hot method is compiled twice
/// or more (quick code first, then optimised code with the profile gathered meanwhile), and on one
/// core that work counts as turn cost for thousands of turns. The service's own
/// <c>dotnet_jit_compilation_time_seconds_total</c> (GET /metrics) says how long the JIT worked:
/// 8 phones text in windows until a window's JIT time is under <see cref="QuietShare"/> of the
/// service's CPU in it, or until <see cref="Limit"/>.
/// </summary>
public static class JitWarmUp
{
    public static readonly TimeSpan Window = TimeSpan.FromSeconds(3);
    public static readonly TimeSpan Limit = TimeSpan.FromSeconds(90);
    public const double QuietShare = 0.01;

    public sealed record Outcome(TimeSpan Took, long Turns, double LastJitShare, bool Quiet)
    {
        public override string ToString()
        {
            var done = string.Create(CultureInfo.InvariantCulture,
                $"warmed up in {Took.TotalSeconds:0} s ({Turns:N0} turns): the JIT took {LastJitShare:P1} of the service's CPU in the last {Window.TotalSeconds:0} s");
            return Quiet ? done : done + string.Create(CultureInfo.InvariantCulture,
                $" (still above {QuietShare:P0} after {Limit.TotalSeconds:0} s: the first levels include some JIT work)");
        }
    }

    public static async Task<Outcome> RunAsync(ServiceProcess service, string token, TimeSpan minimum)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };
        var started = Stopwatch.StartNew();
        long turns = 0;
        var share = 1.0;
        while (started.Elapsed < Limit)
        {
            var jit = await JitSecondsAsync(http, service.Url);
            var cpu = service.CpuTime();
            var load = new SmsLoad(service.Url, token);
            await load.RunAsync(8, TimeSpan.Zero, Window);
            turns += load.Acknowledged;
            var cpuUsed = (service.CpuTime() - cpu).TotalSeconds;
            share = (await JitSecondsAsync(http, service.Url) - jit) / Math.Max(cpuUsed, 0.01);
            if (share < QuietShare && started.Elapsed >= minimum) return new Outcome(started.Elapsed, turns, share, true);
        }
        return new Outcome(started.Elapsed, turns, share, false);
    }

    /// <summary>Seconds the JIT has spent compiling since the service started (its Prometheus counter).</summary>
    public static async Task<double> JitSecondsAsync(HttpClient http, Uri service)
    {
        var text = await http.GetStringAsync(new Uri(service, "/metrics"));
        return Parse(text) ?? throw new InvalidOperationException("GET /metrics has no dotnet_jit_compilation_time_seconds_total: the warm-up cannot tell when the JIT is done.");
    }

    public static double? Parse(string metrics)
    {
        foreach (var line in metrics.Split('\n'))
        {
            if (!line.StartsWith("dotnet_jit_compilation_time_seconds_total", StringComparison.Ordinal)) continue;
            var value = line[(line.LastIndexOf(' ') + 1)..].Trim();
            if (double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds)) return seconds;
        }
        return null;
    }
}
