using Xunit.Abstractions;

namespace CoProduction.Bot.FaultTests.Infrastructure;

/// <summary>
/// Every fault test but those of <see cref="KilledSenderCollection"/> shares one throwaway PostgreSQL server and
/// one pair of nodes on it, started once for the run (starting a node is most of the cost); the tests run one
/// after another.
/// Each test leaves both nodes up, restarting any it killed.
/// </summary>
[CollectionDefinition(Name)]
public sealed class ClusterCollection : ICollectionFixture<ClusterFixture>
{
    public const string Name = "Two nodes";
}

public sealed class ClusterFixture(IMessageSink messages) : IAsyncLifetime
{
    public PostgresServer Server { get; } = new(messages);

    public Cluster Cluster { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        await Server.InitializeAsync();
        Cluster = await Cluster.StartAsync(Server);
    }

    public async Task DisposeAsync()
    {
        if (Cluster is not null) await Cluster.DisposeAsync();
        await Server.DisposeAsync();
    }
}
