using CoProduction.Bot.FaultTests.Infrastructure;

namespace CoProduction.Bot.FaultTests.Twilio;

/// <summary>A node dies (SIGKILL) while people are texting through both nodes, and is started again.</summary>
[Collection(ClusterCollection.Name)]
public sealed class NodeKilledUnderLoadTests(ClusterFixture fixture)
{
    private readonly Cluster _cluster = fixture.Cluster;

    [Fact]
    public async Task ANodeKilledUnderTextLoad_AndRestarted_LosesNoMessageItAcknowledged()
    {
        var texter = new Texter(_cluster);
        using var stop = new CancellationTokenSource();
        var people = Enumerable.Range(0, 8).Select(p => Task.Run(() => texter.PersonAsync(p, stop.Token))).ToArray();

        await Texter.WaitUntilAsync(() => texter.Acknowledged.Count >= 50, "50 messages were acknowledged");
        await _cluster.A.KillAsync();
        texter.Mark();
        await Texter.WaitUntilAsync(() => texter.AcknowledgedSinceMark.GetValueOrDefault("b") >= 25, "node b went on alone");
        await _cluster.A.StartAsync();
        texter.Mark();
        await Texter.WaitUntilAsync(() => texter.AcknowledgedSinceMark.GetValueOrDefault("a") >= 15, "node a answered again after its restart");
        await stop.CancelAsync();
        await Task.WhenAll(people);

        var stored = await _cluster.StringsAsync("""SELECT "MessageId" FROM "InboundMessages" """);
        var lost = texter.Acknowledged.Keys.Where(sid => !stored.Contains(sid)).ToList();
        Assert.True(lost.Count == 0,
            $"{lost.Count} of {texter.Acknowledged.Count} acknowledged messages are not in the store (refused: {string.Join(", ", texter.Refused)})\n{_cluster.Logs}");
        Assert.True(texter.Refused.ContainsKey("no answer"), "the killed node should have left some messages unanswered");
    }
}
