using System.Net;
using CoProduction.Bot.FaultTests.Infrastructure;

namespace CoProduction.Bot.FaultTests.Store;

/// <summary>The database stops for twenty seconds while people text in through both nodes.</summary>
[Collection(ClusterCollection.Name)]
public sealed class DatabaseOutageTests(ClusterFixture fixture)
{
    private readonly Cluster _cluster = fixture.Cluster;

    [Fact]
    public async Task TheDatabaseStoppedUnderLoad_WebhooksAreNotAcknowledged_NothingIsLostOrHalfWritten_AndTheNodesRecoverByThemselves()
    {
        var texter = new Texter(_cluster, firstPerson: 300);
        using var stop = new CancellationTokenSource();
        var people = Enumerable.Range(0, 6).Select(p => Task.Run(() => texter.PersonAsync(p, stop.Token))).ToArray();
        await Texter.WaitUntilAsync(() => texter.Acknowledged.Count >= 30, "30 messages were acknowledged");

        await fixture.Server.StopServerAsync();
        // Answers already on their way when the server stopped are let through first.
        await Task.Delay(TimeSpan.FromSeconds(2));
        texter.Mark();
        var refusedBefore = texter.Refused.Values.Sum();
        await Task.Delay(TimeSpan.FromSeconds(18));
        var acknowledgedDuringOutage = texter.AcknowledgedSinceMark.Values.Sum();
        var refusedDuringOutage = texter.Refused.Values.Sum() - refusedBefore;
        await fixture.Server.StartServerAsync();

        // No restart: each node finds the database again on its own.
        texter.Mark();
        await Texter.WaitUntilAsync(
            () => texter.AcknowledgedSinceMark.GetValueOrDefault("a") >= 10 && texter.AcknowledgedSinceMark.GetValueOrDefault("b") >= 10,
            "both nodes acknowledged messages again", TimeSpan.FromSeconds(120));
        await stop.CancelAsync();
        await Task.WhenAll(people);

        Assert.Equal(0, acknowledgedDuringOutage);
        Assert.True(refusedDuringOutage > 0, "no webhook was tried during the outage");
        Assert.False(texter.Refused.ContainsKey("200"));
        var stored = await _cluster.StringsAsync("""SELECT "MessageId" FROM "InboundMessages" """);
        Assert.DoesNotContain(texter.Acknowledged.Keys, sid => !stored.Contains(sid));
        // A turn is one transaction: no person is left with two surveys open by a half-written one.
        Assert.Equal(0, await _cluster.CountAsync("""
            SELECT COUNT(*) FROM (SELECT "PersonId" FROM "Sessions" WHERE "Status" = 'Active' GROUP BY "PersonId" HAVING COUNT(*) > 1) AS twice
            """));
        foreach (var node in new[] { _cluster.A, _cluster.B })
        {
            using var health = await node.Http.GetAsync("/health");
            Assert.Equal(HttpStatusCode.OK, health.StatusCode);
        }
    }
}
