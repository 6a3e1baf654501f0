namespace CoProduction.Bot.FaultTests.Infrastructure;

/// <summary>The fault tests share one throwaway PostgreSQL server, and run one class at a time (each starts two nodes).</summary>
[CollectionDefinition(Name)]
public sealed class PostgresCollection : ICollectionFixture<PostgresServer>
{
    public const string Name = PostgresServer.Collection;
}
