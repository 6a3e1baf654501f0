using CoProduction.Testing.Nodes;
using CoProduction.Testing.Postgres;
using Xunit.Abstractions;

namespace CoProduction.Bot.BrowserTests.Infrastructure;

/// <summary>
/// A deployment in miniature: two real service processes on one throwaway PostgreSQL database,
/// behind a round-robin proxy that they trust for the client's address, scheme and host.
/// </summary>
public sealed class TwoNodesBehindProxy(IMessageSink messages) : IAsyncLifetime
{
    public PostgresServer Server { get; } = new(messages);

    public Cluster Cluster { get; private set; } = null!;

    public RoundRobinProxy Proxy { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        await Server.InitializeAsync();
        // The proxy runs on this machine: its address, and only it, may say what it received.
        Cluster = await Cluster.StartAsync(Server, new Dictionary<string, string> { ["ForwardedHeaders:KnownProxies"] = "127.0.0.1" });
        Proxy = await RoundRobinProxy.StartAsync([(Cluster.A.Name, Cluster.A.BaseAddress), (Cluster.B.Name, Cluster.B.BaseAddress)]);
    }

    public async Task DisposeAsync()
    {
        if (Proxy is not null) await Proxy.DisposeAsync();
        if (Cluster is not null) await Cluster.DisposeAsync();
        await Server.DisposeAsync();
    }
}
