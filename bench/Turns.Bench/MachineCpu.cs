using System.Diagnostics;
using System.Globalization;

namespace CoProduction.Bench;

/// <summary>
/// The machine's CPU over a run, split into the bench's own (the service, the PostgreSQL server and this process, the
/// load) and everything else on the machine. On a shared machine a run's p99 moves with the others: at 32 phones on
/// PostgreSQL both cores are busy with the bench's own work, so whatever another process takes there is taken from the
/// turns (docs/performance-rounds.md, "PostgreSQL, twenty-first round"). Printed beside each PostgreSQL run's p99, so
/// that a high one says whether the machine was shared at the time. Linux only (<c>/proc/stat</c>); null elsewhere.
/// </summary>
internal readonly record struct MachineCpu(TimeSpan Busy, TimeSpan Ours, long Timestamp)
{
    /// <summary>The kernel's clock ticks a second in <c>/proc/stat</c> and <c>/proc/&lt;pid&gt;/stat</c> (USER_HZ, 100 on Linux).</summary>
    private const double TicksPerSecond = 100.0;

    /// <summary>Clock ticks of <c>/proc</c> as time.</summary>
    internal static TimeSpan FromTicks(long ticks) => TimeSpan.FromSeconds(ticks / TicksPerSecond);

    /// <summary>
    /// A process's CPU ticks so far from <c>/proc/&lt;pid&gt;/stat</c>: user and system (fields 14 and 15), and with
    /// <paramref name="withEnded"/> its ended children's too (16 and 17); 0 when it cannot be read (ended, or not Linux).
    /// </summary>
    internal static long ProcessTicks(int pid, bool withEnded)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            // The fields after the command name in parentheses, counted from the state (field 3).
            var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
            var own = long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture);
            return withEnded ? own + long.Parse(fields[13], CultureInfo.InvariantCulture) + long.Parse(fields[14], CultureInfo.InvariantCulture) : own;
        }
        catch (IOException)
        {
            return 0;
        }
    }

    /// <summary>Now: every core's busy time since boot (all but idle and I/O wait) and <paramref name="ours"/>, the bench's processes' CPU so far.</summary>
    public static MachineCpu? Read(TimeSpan ours)
    {
        if (!OperatingSystem.IsLinux() || !File.Exists("/proc/stat")) return null;
        var line = File.ReadLines("/proc/stat").First();
        return new MachineCpu(FromTicks(BusyTicks(line)), ours, Stopwatch.GetTimestamp());
    }

    /// <summary>
    /// The busy ticks of <c>/proc/stat</c>'s first line (<c>cpu user nice system idle iowait irq softirq steal ...</c>):
    /// user, nice, system, irq, softirq and steal (the hypervisor's other guests' time on these cores is time the turns did
    /// not get either). Guest time is already inside user.
    /// </summary>
    internal static long BusyTicks(string statLine)
    {
        var fields = statLine.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        long Field(int i) => fields.Length > i ? long.Parse(fields[i], CultureInfo.InvariantCulture) : 0;
        return Field(1) + Field(2) + Field(3) + Field(6) + Field(7) + Field(8);
    }

    /// <summary>The others' and the bench's own CPU between two readings, in cores (CPU seconds a second of the run).</summary>
    public static (double Others, double Ours) Cores(MachineCpu before, MachineCpu after)
    {
        var seconds = Stopwatch.GetElapsedTime(before.Timestamp, after.Timestamp).TotalSeconds;
        if (seconds <= 0) return (0, 0);
        var ours = (after.Ours - before.Ours).TotalSeconds;
        var busy = (after.Busy - before.Busy).TotalSeconds;
        // The two are read from different counters a moment apart: never below zero.
        return (Math.Max(0, busy - ours) / seconds, ours / seconds);
    }

    /// <summary>E.g. "other processes on the machine 0.55 of a core (the bench's own 1.42)", or "" where the machine cannot be read.</summary>
    public static string Describe(MachineCpu? before, MachineCpu? after)
    {
        if (before is not { } b || after is not { } a) return "";
        var (others, ours) = Cores(b, a);
        return string.Create(CultureInfo.InvariantCulture, $"other processes on the machine {others:0.00} of a core (the bench's own {ours:0.00})");
    }
}
