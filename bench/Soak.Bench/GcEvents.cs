using System.Diagnostics.Tracing;
using Microsoft.Diagnostics.NETCore.Client;
using Microsoft.Diagnostics.Tracing;
using Microsoft.Diagnostics.Tracing.Parsers.Clr;

/// <summary>
/// The service's collections as its runtime reports them (fifteenth round): each one's generation, kind (blocking,
/// background, or a young collection during a background one) and reason, and the time the service was paused for
/// it, from an event-pipe session of the runtime's GC keyword at informational level (a handful of events a
/// collection). /metrics says how many of each generation and the pauses in all; this says why, and which
/// generation the pauses were spent on. A collection the soak itself asks for (its full-collection readings) is
/// "Induced": the service never calls GC.Collect, so every induced collection is the soak's.
/// A pause is a suspension of the service's threads: from the runtime's SuspendEEStart to its RestartEEStop, put to
/// the collection that started inside it, or else to the background collection under way (its own short pauses).
/// </summary>
internal sealed class GcEvents : IAsyncDisposable
{
    private readonly EventPipeSession _session;
    private readonly EventPipeEventSource _source;
    private readonly Task _reading;
    private readonly object _gate = new();
    private readonly Dictionary<Kind, Tally> _tallies = [];
    private double _suspendedAt = double.NaN;
    private Kind? _startedInSuspension;
    private Kind? _background;
    private int _backgroundNumber = -1;

    /// <summary>A generation, the kind of collection and why it ran, as the runtime names them.</summary>
    public readonly record struct Kind(int Generation, string Type, string Reason);

    /// <summary>How many collections of a kind and how long the service was paused for them.</summary>
    public readonly record struct Tally(long Count, double PausedMs);

    private GcEvents(int pid)
    {
        const long GcKeyword = 0x1;
        _session = new DiagnosticsClient(pid).StartEventPipeSession(
            new EventPipeProvider("Microsoft-Windows-DotNETRuntime", EventLevel.Informational, GcKeyword), requestRundown: false, circularBufferMB: 16);
        _source = new EventPipeEventSource(_session.EventStream);
        _source.Clr.GCStart += OnStart;
        _source.Clr.GCStop += OnStop;
        _source.Clr.GCSuspendEEStart += e => { lock (_gate) { _suspendedAt = e.TimeStampRelativeMSec; _startedInSuspension = null; } };
        _source.Clr.GCRestartEEStop += OnRestarted;
        _reading = Task.Run(() =>
        {
            try { _source.Process(); }
            catch (Exception e) when (e is IOException or ObjectDisposedException or FormatException or EndOfStreamException) { }
        });
    }

    /// <summary>Listens to the service's collections from now until disposed.</summary>
    public static GcEvents Start(int pid) => new(pid);

    /// <summary>The tallies so far, by kind; <see cref="Since"/> takes one from another.</summary>
    public IReadOnlyDictionary<Kind, Tally> Snapshot()
    {
        lock (_gate) return new Dictionary<Kind, Tally>(_tallies);
    }

    public static IReadOnlyDictionary<Kind, Tally> Since(IReadOnlyDictionary<Kind, Tally> now, IReadOnlyDictionary<Kind, Tally> before) =>
        now.Select(k => (k.Key, Tally: new Tally(k.Value.Count - before.GetValueOrDefault(k.Key).Count, k.Value.PausedMs - before.GetValueOrDefault(k.Key).PausedMs)))
            .Where(k => k.Tally.Count > 0 || k.Tally.PausedMs > 0)
            .ToDictionary(k => k.Key, k => k.Tally);

    /// <summary>Lines for the soak's report: by generation, then each kind and reason within it.</summary>
    public static IEnumerable<string> Describe(IReadOnlyDictionary<Kind, Tally> tallies, int inducedBySoak)
    {
        var all = tallies.Values.Sum(t => t.PausedMs);
        yield return $"collections {tallies.Values.Sum(t => t.Count):N0}, paused {all / 1000:N2} s in all";
        foreach (var generation in tallies.GroupBy(t => t.Key.Generation).OrderBy(g => g.Key))
        {
            var count = generation.Sum(t => t.Value.Count);
            var paused = generation.Sum(t => t.Value.PausedMs);
            var kinds = string.Join("; ", generation.OrderByDescending(t => t.Value.Count).Select(t =>
                $"{t.Value.Count:N0} {Name(t.Key)} ({t.Value.PausedMs / 1000:N2} s{(t.Value.Count > 0 ? $", {t.Value.PausedMs / t.Value.Count:N1} ms each" : "")})"));
            yield return $"gen{generation.Key}: {count:N0}, paused {paused / 1000:N2} s ({(all > 0 ? paused / all : 0):P0} of all pauses): {kinds}";
        }
        var induced = tallies.Where(t => t.Key.Reason == "Induced").Sum(t => t.Value.Count);
        var ownGen2 = tallies.Where(t => t.Key.Generation == 2 && t.Key.Reason != "Induced").Sum(t => t.Value.Count);
        yield return $"induced: {induced:N0} (the soak's own full-collection readings in this span: {inducedBySoak}; the service never calls GC.Collect); gen2 the service ran itself: {ownGen2:N0}";
    }

    private static string Name(Kind kind) => kind.Type switch
    {
        "NonConcurrentGC" => "blocking",
        "BackgroundGC" => "background",
        "ForegroundGC" => "young during a background",
        _ => kind.Type,
    } + $", {kind.Reason}";

    private void OnStart(GCStartTraceData e)
    {
        lock (_gate)
        {
            var kind = new Kind(e.Depth, e.Type.ToString(), e.Reason.ToString());
            _startedInSuspension ??= kind;
            if (e.Type == GCType.BackgroundGC) { _background = kind; _backgroundNumber = e.Count; }
            _tallies[kind] = _tallies.GetValueOrDefault(kind) with { Count = _tallies.GetValueOrDefault(kind).Count + 1 };
        }
    }

    private void OnStop(GCEndTraceData e)
    {
        lock (_gate)
        {
            if (e.Count == _backgroundNumber) { _background = null; _backgroundNumber = -1; }
        }
    }

    private void OnRestarted(GCNoUserDataTraceData e)
    {
        lock (_gate)
        {
            if (double.IsNaN(_suspendedAt)) return;
            var paused = e.TimeStampRelativeMSec - _suspendedAt;
            _suspendedAt = double.NaN;
            if ((_startedInSuspension ?? _background) is not { } kind) return; // a suspension for something else (none seen in the soak)
            var tally = _tallies.GetValueOrDefault(kind);
            _tallies[kind] = tally with { PausedMs = tally.PausedMs + paused };
        }
    }

    public async ValueTask DisposeAsync()
    {
        try { await _session.StopAsync(CancellationToken.None); } catch (Exception e) when (e is IOException or ServerNotAvailableException or TimeoutException) { }
        try { await _reading.WaitAsync(TimeSpan.FromSeconds(10)); } catch (TimeoutException) { }
        _source.Dispose();
        _session.Dispose();
    }
}
