namespace CoProduction.Bot.FaultTests.Infrastructure;

/// <summary>
/// The tests that kill a node while Twilio holds its request, on a PostgreSQL server of their own. Each waits out
/// the dispatcher's lock the killed node left behind (Scheduling:JobLockTimeout, short in these tests), so they run beside the
/// <see cref="ClusterCollection"/> rather than after it; on the shared server they would also see it stopped by
/// <c>DatabaseOutageTests</c>. One test at a time within the collection, as before.
/// </summary>
[CollectionDefinition(Name)]
public sealed class KilledSenderCollection : ICollectionFixture<PostgresServer>
{
    public const string Name = "A node killed while sending";
}
