using System.Diagnostics;
using CoProduction.Bench;

namespace CoProduction.Bench.Tests;

/// <summary>
/// What the turn bench prints beside each PostgreSQL run's p99 about the rest of the machine (<c>MachineCpu</c>): the
/// busy time of every core from <c>/proc/stat</c>, less the bench's own processes' CPU, a second of the run.
/// </summary>
public sealed class MachineCpuTests
{
    [Fact]
    public void Busy_time_is_user_nice_system_irq_softirq_and_steal_not_idle_or_io_wait()
    {
        // cpu user nice system idle iowait irq softirq steal guest guest_nice
        Assert.Equal(100 + 2 + 30 + 4 + 5 + 6, MachineCpu.BusyTicks("cpu  100 2 30 9999 777 4 5 6 50 0"));
    }

    [Fact]
    public void The_others_share_is_the_machines_busy_time_less_the_benchs_own_over_the_run()
    {
        var start = Stopwatch.GetTimestamp();
        var before = new MachineCpu(TimeSpan.FromSeconds(100), TimeSpan.FromSeconds(40), start);
        // Over 5 s: the cores were busy 9.5 CPU seconds, 7 of them the bench's own.
        var after = new MachineCpu(TimeSpan.FromSeconds(109.5), TimeSpan.FromSeconds(47), start + 5 * Stopwatch.Frequency);

        var (others, ours) = MachineCpu.Cores(before, after);

        Assert.Equal(0.5, others, 3);
        Assert.Equal(1.4, ours, 3);
        Assert.Equal("other processes on the machine 0.50 of a core (the bench's own 1.40)", MachineCpu.Describe(before, after));
    }

    [Fact]
    public void Readings_a_moment_apart_never_give_the_others_less_than_nothing_and_no_reading_says_nothing()
    {
        var start = Stopwatch.GetTimestamp();
        var before = new MachineCpu(TimeSpan.FromSeconds(100), TimeSpan.FromSeconds(40), start);
        var after = new MachineCpu(TimeSpan.FromSeconds(101), TimeSpan.FromSeconds(41.2), start + Stopwatch.Frequency);

        Assert.Equal(0, MachineCpu.Cores(before, after).Others);
        Assert.Equal("", MachineCpu.Describe(null, after));
    }

    [Fact]
    public void On_this_machine_a_reading_counts_the_CPU_this_test_spends()
    {
        if (!OperatingSystem.IsLinux()) return;
        var before = MachineCpu.Read(TimeSpan.Zero)!.Value;
        var spin = Stopwatch.StartNew();
        while (spin.ElapsedMilliseconds < 300) { }
        var after = MachineCpu.Read(TimeSpan.Zero)!.Value;

        // 300 ms of one thread spinning: at least a fifth of a core busy over the reading, whoever else runs.
        Assert.True(MachineCpu.Cores(before, after).Others >= 0.2, $"{MachineCpu.Cores(before, after).Others}");
    }
}
