using System.Diagnostics;

/// <summary>
/// Samples the process's working set and GC heap every 50 ms while a step runs, so a step that
/// holds its whole input shows as a peak that grows with N; and the CPU time the step used (the
/// machine is shared, so wall time alone says little). Each Report starts a new window.
/// </summary>
sealed class MemoryWatch
{
    private long _peakWorkingSet;
    private long _peakHeap;
    private TimeSpan _cpu;
    private readonly Timer _timer;

    private MemoryWatch()
    {
        Reset();
        _timer = new Timer(_ => Sample(), null, 0, 50);
    }

    public static MemoryWatch Start() => new();

    private void Sample()
    {
        using var process = Process.GetCurrentProcess();
        var ws = process.WorkingSet64;
        var heap = GC.GetTotalMemory(false);
        if (ws > Interlocked.Read(ref _peakWorkingSet)) Interlocked.Exchange(ref _peakWorkingSet, ws);
        if (heap > Interlocked.Read(ref _peakHeap)) Interlocked.Exchange(ref _peakHeap, heap);
    }

    private void Reset()
    {
        Interlocked.Exchange(ref _peakWorkingSet, 0);
        Interlocked.Exchange(ref _peakHeap, 0);
        using var process = Process.GetCurrentProcess();
        _cpu = process.TotalProcessorTime;
    }

    /// <summary>The peaks since the last report (or the start), then a new window.</summary>
    public string Report()
    {
        Sample();
        using var process = Process.GetCurrentProcess();
        var cpu = process.TotalProcessorTime - _cpu;
        var text = $"[CPU {cpu.TotalSeconds:F1} s; peak working set {Interlocked.Read(ref _peakWorkingSet) / 1048576.0:N0} MB, GC heap {Interlocked.Read(ref _peakHeap) / 1048576.0:N0} MB]";
        Reset();
        return text;
    }
}
