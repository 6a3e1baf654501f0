using CoProduction.Testing.Postgres;

namespace CoProduction.Bot.Tests.Infrastructure;

/// <summary>
/// Every test class here that runs the service on PostgreSQL is in this collection: one
/// throwaway server for the run (see <see cref="PostgresServer"/>), a database per test class,
/// emptied before each test.
/// </summary>
[CollectionDefinition(Name)]
public sealed class PostgresCollection : ICollectionFixture<PostgresServer>
{
    public const string Name = PostgresServer.Collection;
}
