using CoProduction.Store.Setup;
using CoProduction.Store.Tests.Postgres;
using CoProduction.Store.Tests.TestSupport;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace CoProduction.Store.Tests.DataProtection;

/// <summary>
/// Sign-in cookies and antiforgery tokens are protected with keys kept in the store, so a second
/// node (or the same node after a restart) reads what the first one wrote. Each "node" here is a
/// separate service provider wired by AddStore, as each process is. Runs on SQLite and PostgreSQL.
/// </summary>
public abstract class StoreDataProtectionTests(IStoreBackend backend) : IAsyncLifetime
{
    private const string Purpose = "Microsoft.AspNetCore.Antiforgery.AntiforgeryToken.v1";
    private TestStore _store = null!;
    private readonly List<ServiceProvider> _nodes = [];

    public async Task InitializeAsync() => _store = await TestStore.CreateAsync(backend);

    public async Task DisposeAsync()
    {
        foreach (var node in _nodes) await node.DisposeAsync();
        await _store.DisposeAsync();
    }

    private IDataProtector Node(TestStore? on = null)
    {
        var store = (on ?? _store).Services.GetRequiredService<IOptions<StoreOptions>>().Value;
        var config = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Store:Provider"] = store.Provider,
            ["ConnectionStrings:Store"] = store.ResolvedConnectionString,
        }).Build();
        var node = new ServiceCollection().AddLogging().AddStore(config, _store.Folder).BuildServiceProvider();
        _nodes.Add(node);
        return node.GetRequiredService<IDataProtectionProvider>().CreateProtector(Purpose);
    }

    [Fact]
    public void ATokenProtectedByOneNode_IsUnprotectedByASecondNodeOnTheSameStore()
    {
        var token = Node().Protect("staff sign-in");

        Assert.Equal("staff sign-in", Node().Unprotect(token));
    }

    [Fact]
    public async Task TheKeyRing_IsKeptInTheStore()
    {
        Node().Protect("anything");

        var keys = await _store.Db(db => db.DataProtectionKeys.ToListAsync());

        var key = Assert.Single(keys);
        Assert.Contains("<key ", key.Xml);
    }

    [Fact]
    public void TwoNodesStartingTogether_EachMakingAKey_ReadEachOthersTokens()
    {
        var first = Node();
        var second = Node();
        // Both protect before either has seen the other's key: each makes its own.
        var fromFirst = first.Protect("from the first node");
        var fromSecond = second.Protect("from the second node");

        Assert.Equal("from the second node", first.Unprotect(fromSecond));
        Assert.Equal("from the first node", second.Unprotect(fromFirst));
    }

    [Fact]
    public async Task ANodeOnAnotherStore_CannotReadTheToken()
    {
        var token = Node().Protect("staff sign-in");
        // A SQLite file of its own: on PostgreSQL this class's database is the only one it has.
        await using var other = await TestStore.CreateAsync(SqliteBackend.Instance);

        Assert.ThrowsAny<System.Security.Cryptography.CryptographicException>(() => Node(other).Unprotect(token));
    }

    public sealed class OnSqlite() : StoreDataProtectionTests(SqliteBackend.Instance);

    [Collection(PostgresCollection.Name)]
    public sealed class OnPostgres(PostgresServer server) : StoreDataProtectionTests(server.DatabaseFor<OnPostgres>());
}
