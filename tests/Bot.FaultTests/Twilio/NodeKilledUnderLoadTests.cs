using CoProduction.Bot.FaultTests.Infrastructure;
using Microsoft.Data.Sqlite;

namespace CoProduction.Bot.FaultTests.Twilio;

/// <summary>
/// A node dies (SIGKILL) while people are texting through both nodes, and is started again; and the same
/// for one node on the embedded SQLite store, whose commits are written to its WAL before the reply and
/// copied back to the database file by a background checkpoint (killed mid-way through one, some runs).
/// </summary>
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

    [Fact]
    public async Task ANodeOnTheEmbeddedStoreKilledUnderTextLoad_AndRestarted_LosesNoMessageItAcknowledged()
    {
        var folder = Path.Combine(Path.GetTempPath(), "coproduction-sqlite-kill-" + Guid.NewGuid().ToString("N")[..12]);
        await using var node = new Node("sqlite", Cluster.NodeSettings(folder, new Dictionary<string, string>
        {
            // The smallest WAL the settings allow, so the checkpoint runs many times while people text.
            ["Store:CheckpointPages"] = "100",
        }));
        await node.StartAsync();
        var texter = new Texter([node], firstPerson: 300);
        using var stop = new CancellationTokenSource();
        var people = Enumerable.Range(0, 8).Select(p => Task.Run(() => texter.PersonAsync(p, stop.Token))).ToArray();

        await Texter.WaitUntilAsync(() => texter.Acknowledged.Count >= 150, "150 messages were acknowledged");
        await node.KillAsync();
        await node.StartAsync();
        texter.Mark();
        await Texter.WaitUntilAsync(() => texter.AcknowledgedSinceMark.GetValueOrDefault("sqlite") >= 30, "the node answered again after its restart");
        await stop.CancelAsync();
        await Task.WhenAll(people);

        var stored = new HashSet<string>(StringComparer.Ordinal);
        await using (var connection = new SqliteConnection($"Data Source={Path.Combine(folder, "coproduction.db")};Pooling=False"))
        {
            await connection.OpenAsync();
            await using var command = connection.CreateCommand();
            command.CommandText = """SELECT "MessageId" FROM "InboundMessages" """;
            await using var reader = await command.ExecuteReaderAsync();
            while (await reader.ReadAsync()) stored.Add(reader.GetString(0));
        }
        var lost = texter.Acknowledged.Keys.Where(sid => !stored.Contains(sid)).ToList();
        Assert.True(lost.Count == 0,
            $"{lost.Count} of {texter.Acknowledged.Count} acknowledged messages are not in the store (refused: {string.Join(", ", texter.Refused)})\n{node.Output}");
        Assert.True(texter.Refused.ContainsKey("no answer"), "the killed node should have left some messages unanswered");
        await node.KillAsync();
        try { Directory.Delete(folder, recursive: true); } catch (IOException) { }
    }
}
