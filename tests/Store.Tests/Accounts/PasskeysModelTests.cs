using CoProduction.Store.Accounts;
using CoProduction.Store.Tests.Postgres;
using CoProduction.Store.Tests.TestSupport;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;

namespace CoProduction.Store.Tests.Accounts;

/// <summary>
/// Passkeys in Identity's version 3 table, through Identity's own store, on SQLite and PostgreSQL:
/// what a passkey sign-in reads must come back exactly as it was saved.
/// </summary>
public abstract class PasskeysModelTests(IStoreBackend backend) : IAsyncLifetime
{
    private TestStore _store = null!;

    public async Task InitializeAsync() => _store = await TestStore.CreateAsync(backend);

    public async Task DisposeAsync() => await _store.DisposeAsync();

    private static Account NewAccount() =>
        new() { Id = Guid.NewGuid(), UserName = "u" + Guid.NewGuid().ToString("N"), NormalizedUserName = Guid.NewGuid().ToString("N"), SecurityStamp = "s", DisplayName = "Sam" };

    private static UserPasskeyInfo Passkey(byte[] id, string name) =>
        new(id, publicKey: [1, 2, 3, 4], createdAt: TestStore.Start, signCount: 7, transports: ["internal"],
            isUserVerified: true, isBackupEligible: false, isBackedUp: false, attestationObject: [9, 9], clientDataJson: [8, 8]) { Name = name };

    private static UserStore<Account, IdentityRole<Guid>, StoreDbContext, Guid> Users(StoreDbContext db) => new(db);

    private async Task<Account> SavedAccountAsync()
    {
        var account = NewAccount();
        await _store.Db(db =>
        {
            db.Users.Add(account);
            return db.SaveChangesAsync();
        });
        return account;
    }

    [Fact]
    public async Task APasskey_ComesBackAsSaved_IsFoundByItsId_AndIsGoneOnceRemoved()
    {
        var account = await SavedAccountAsync();
        byte[] id = [0xCA, 0xFE, 0x01];
        await _store.Db(async db =>
        {
            var users = Users(db);
            await users.AddOrUpdatePasskeyAsync(await db.Users.SingleAsync(u => u.Id == account.Id), Passkey(id, "My phone"), default);
            return await db.SaveChangesAsync();
        });

        var (owner, found) = await _store.Db(async db =>
        {
            var users = Users(db);
            var owner = await users.FindByPasskeyIdAsync(id, default);
            return (owner, owner is null ? null : await users.FindPasskeyAsync(owner, id, default));
        });
        Assert.Equal(account.Id, owner?.Id);
        Assert.Equal("My phone", found?.Name);
        Assert.Equal(7u, found?.SignCount);
        Assert.Equal([1, 2, 3, 4], found?.PublicKey ?? []);
        Assert.Equal(["internal"], found?.Transports ?? []);

        await _store.Db(async db =>
        {
            await Users(db).RemovePasskeyAsync(await db.Users.SingleAsync(u => u.Id == account.Id), id, default);
            return await db.SaveChangesAsync();
        });
        Assert.Null(await _store.Db(db => Users(db).FindByPasskeyIdAsync(id, default)));
    }

    [Fact]
    public async Task ACredentialId_BelongsToOneAccountOnly()
    {
        var first = await SavedAccountAsync();
        var second = await SavedAccountAsync();
        byte[] id = [0x01, 0x02];
        await _store.Db(db =>
        {
            db.UserPasskeys.Add(new IdentityUserPasskey<Guid> { CredentialId = id, UserId = first.Id, Data = new IdentityPasskeyData { PublicKey = [1], Name = "a", CreatedAt = TestStore.Start, Transports = [], AttestationObject = [], ClientDataJson = [] } });
            return db.SaveChangesAsync();
        });

        await Assert.ThrowsAsync<DbUpdateException>(() => _store.Db(db =>
        {
            db.UserPasskeys.Add(new IdentityUserPasskey<Guid> { CredentialId = id, UserId = second.Id, Data = new IdentityPasskeyData { PublicKey = [2], Name = "b", CreatedAt = TestStore.Start, Transports = [], AttestationObject = [], ClientDataJson = [] } });
            return db.SaveChangesAsync();
        }));
    }

    [Fact]
    public async Task RemovingAnAccount_RemovesItsPasskeys()
    {
        var account = await SavedAccountAsync();
        await _store.Db(async db =>
        {
            await Users(db).AddOrUpdatePasskeyAsync(await db.Users.SingleAsync(u => u.Id == account.Id), Passkey([0x05], "Laptop"), default);
            return await db.SaveChangesAsync();
        });

        await _store.Db(async db =>
        {
            db.Users.Remove(await db.Users.SingleAsync(u => u.Id == account.Id));
            return await db.SaveChangesAsync();
        });

        Assert.Equal(0, await _store.Db(db => db.UserPasskeys.CountAsync()));
    }

    public sealed class OnSqlite() : PasskeysModelTests(SqliteBackend.Instance);

    [Collection(PostgresCollection.Name)]
    public sealed class OnPostgres(PostgresServer server) : PasskeysModelTests(server.DatabaseFor<OnPostgres>());
}
