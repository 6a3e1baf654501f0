using CoProduction.Testing.Postgres;

namespace CoProduction.Bot.Tests.Infrastructure;

/// <summary>The Bot tests that run the whole service on PostgreSQL share one throwaway server; each gets a database of its own.</summary>
[CollectionDefinition(Name)]
public sealed class PostgresCollection : ICollectionFixture<PostgresServer>
{
    public const string Name = PostgresServer.Collection;
}
