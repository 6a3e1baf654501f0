using CoProduction.Testing.Postgres;

namespace CoProduction.Bot.Tests.Infrastructure;

/// <summary>The Bot tests that run on PostgreSQL share one throwaway server for the run.</summary>
[CollectionDefinition(Name)]
public sealed class PostgresCollection : ICollectionFixture<PostgresServer>
{
    public const string Name = PostgresServer.Collection;
}
