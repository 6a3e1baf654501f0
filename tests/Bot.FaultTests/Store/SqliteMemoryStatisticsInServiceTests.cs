using CoProduction.Bot.FaultTests.Infrastructure;

namespace CoProduction.Bot.FaultTests.Store;

/// <summary>
/// The running service on the embedded store, as deployed: its own process, Hangfire's job storage in a
/// SQLite file beside the store (the same SQLite library in the process). SQLite's memory statistics
/// (a process-wide lock around every allocation SQLite makes) can be turned off only before SQLite
/// has started, and SQLite refuses it silently afterwards: whichever of the two opens SQLite first
/// must turn them off. The service says at start which it found.
/// </summary>
public sealed class SqliteMemoryStatisticsInServiceTests
{
    [Fact]
    public async Task TheServiceOnTheEmbeddedStore_WithHangfiresSqliteStorage_RunsWithSQLitesMemoryStatisticsOff()
    {
        var folder = Path.Combine(Path.GetTempPath(), "coproduction-sqlite-memstatus-" + Guid.NewGuid().ToString("N")[..12]);
        await using var node = new Node("sqlite", Cluster.NodeSettings(folder, new Dictionary<string, string>
        {
            // The start's own messages (the one this test reads among them).
            ["Logging:LogLevel:CoProduction.Bot"] = "Information",
        }));
        await node.StartAsync();
        // A text answered: the store and Hangfire's storage (its job server started with the host) both in use by now.
        var texter = new Texter([node], firstPerson: 700);
        using var stop = new CancellationTokenSource();
        var person = Task.Run(() => texter.PersonAsync(0, stop.Token));
        await Texter.WaitUntilAsync(() => texter.Acknowledged.Count >= 3, "3 messages were acknowledged");
        await stop.CancelAsync();
        await person;

        Assert.True(File.Exists(Path.Combine(folder, "coproduction.hangfire.db")), "Hangfire's SQLite file should be beside the store's\n" + node.Output);
        Assert.Contains("SQLite's memory statistics are off.", node.Output);
        Assert.DoesNotContain("SQLite's memory statistics are on", node.Output);
        await node.KillAsync();
        try { Directory.Delete(folder, recursive: true); } catch (IOException) { }
    }
}
