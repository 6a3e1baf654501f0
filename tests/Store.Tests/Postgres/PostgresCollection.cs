using CoProduction.Testing.Postgres;

namespace CoProduction.Store.Tests.Postgres;

/// <summary>
/// Every test class that runs on PostgreSQL is in this collection, so they share one server for
/// the whole test run; each test still gets a database of its own.
/// </summary>
[CollectionDefinition(Name)]
public sealed class PostgresCollection : ICollectionFixture<PostgresServer>
{
    public const string Name = PostgresServer.Collection;
}
