namespace CoProduction.Bench.Tests;

/// <summary>
/// The memory soak's reading of a service's collections from its runtime's events (fifteenth round): each collection's
/// generation, kind and reason, and the pause it cost. Read here from this test process itself, which asks for two full
/// collections as the soak asks the service for its readings: both must be counted, as blocking gen2 collections that
/// were induced, with the time the process was paused for them.
/// </summary>
public sealed class GcEventsTests
{
    [Fact]
    public async Task TwoFullCollectionsAskedFor_AreCountedAsInducedGen2_WithTheirPauses()
    {
        await using var events = GcEvents.Start(Environment.ProcessId);
        await Task.Delay(500); // the session is up before the collections are asked for
        var before = events.Snapshot();
        GC.Collect(2, GCCollectionMode.Forced, blocking: true);
        GC.Collect(2, GCCollectionMode.Forced, blocking: true);

        IReadOnlyDictionary<GcEvents.Kind, GcEvents.Tally> since = new Dictionary<GcEvents.Kind, GcEvents.Tally>();
        for (var waited = 0; waited < 100; waited++)
        {
            since = GcEvents.Since(events.Snapshot(), before);
            if (Induced(since).Count >= 2 && Induced(since).PausedMs > 0) break;
            await Task.Delay(100);
        }

        var induced = Induced(since);
        Assert.True(induced.Count >= 2, $"two induced full collections expected, counted {induced.Count}");
        Assert.True(induced.PausedMs > 0, "the induced collections' pauses were not counted");
        var lines = GcEvents.Describe(since, inducedBySoak: 2).ToList();
        Assert.Contains(lines, l => l.StartsWith("gen2: ", StringComparison.Ordinal) && l.Contains("blocking, Induced", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.StartsWith($"induced: {induced.Count:N0} (the soak's own full-collection readings in this span: 2", StringComparison.Ordinal));
    }

    private static GcEvents.Tally Induced(IReadOnlyDictionary<GcEvents.Kind, GcEvents.Tally> tallies) =>
        tallies.Where(t => t.Key.Generation == 2 && t.Key.Reason == "Induced")
            .Aggregate(new GcEvents.Tally(0, 0), (sum, t) => new GcEvents.Tally(sum.Count + t.Value.Count, sum.PausedMs + t.Value.PausedMs));
}
