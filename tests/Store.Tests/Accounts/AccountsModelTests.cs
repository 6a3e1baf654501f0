using CoProduction.Store.Accounts;
using CoProduction.Store.Model;
using CoProduction.Store.Tests.Postgres;
using CoProduction.Store.Tests.TestSupport;
using CoProduction.Surveys.Review;
using Microsoft.EntityFrameworkCore;

namespace CoProduction.Store.Tests.Accounts;

/// <summary>
/// What the accounts' schema guarantees on its own, whatever the code above it does.
/// Runs on SQLite and on PostgreSQL: see the nested <see cref="OnSqlite"/> and <see cref="OnPostgres"/>.
/// </summary>
public abstract class AccountsModelTests(IStoreBackend backend) : IAsyncLifetime
{
    private TestStore _store = null!;

    public async Task InitializeAsync() => _store = await TestStore.CreateAsync(backend);

    public async Task DisposeAsync() => await _store.DisposeAsync();

    private static Account NewAccount(string? phone) =>
        new() { Id = Guid.NewGuid(), UserName = "u" + Guid.NewGuid().ToString("N"), NormalizedUserName = Guid.NewGuid().ToString("N"), PhoneNumber = phone, SecurityStamp = "s" };

    [Fact]
    public async Task Roles_AreThereFromTheFirstMigration()
    {
        var roles = await _store.Db(db => db.Roles.Select(r => r.Name!).OrderBy(n => n).ToListAsync());

        Assert.Equal(["admin", "board", "staff", "viewer"], roles);
    }

    [Fact]
    public async Task APhoneNumber_SignsInOneAccountOnly_WhileManyAccountsHaveNone()
    {
        await _store.Db(db =>
        {
            db.Users.AddRange(NewAccount("+447700900301"), NewAccount(null), NewAccount(null));
            return db.SaveChangesAsync();
        });

        await Assert.ThrowsAsync<DbUpdateException>(() => _store.Db(db =>
        {
            db.Users.Add(NewAccount("+447700900301"));
            return db.SaveChangesAsync();
        }));
    }

    [Fact]
    public async Task AnAccount_IsOneBoardMember_NeverTwo()
    {
        var account = NewAccount("+447700900302");
        await _store.Db(db =>
        {
            db.Users.Add(account);
            db.BoardMembers.Add(new BoardMember { Id = Guid.NewGuid(), Name = "Sam", Role = BoardRole.ExpertByExperience, AccountId = account.Id });
            db.BoardMembers.Add(new BoardMember { Id = Guid.NewGuid(), Name = "No phone", Role = BoardRole.FamilyCarer });
            db.BoardMembers.Add(new BoardMember { Id = Guid.NewGuid(), Name = "No phone either", Role = BoardRole.FamilyCarer });
            return db.SaveChangesAsync();
        });

        // A second member row would be a second vote for one person.
        await Assert.ThrowsAsync<DbUpdateException>(() => _store.Db(db =>
        {
            db.BoardMembers.Add(new BoardMember { Id = Guid.NewGuid(), Name = "Sam again", Role = BoardRole.Staff, AccountId = account.Id });
            return db.SaveChangesAsync();
        }));
    }

    [Fact]
    public async Task RemovingAnAccount_KeepsTheMembersRecord_AndRemovesTheirSignInTextsAndKeys()
    {
        var account = NewAccount("+447700900303");
        var member = Guid.NewGuid();
        await _store.Db(db =>
        {
            db.Users.Add(account);
            db.BoardMembers.Add(new BoardMember { Id = member, Name = "Sam", Role = BoardRole.ExpertByExperience, AccountId = account.Id });
            db.SignInLinks.Add(new SignInLink { AccountId = account.Id, TokenHash = "t", CodeHash = "c", ExpiresAt = TestStore.Start });
            db.ApiKeys.Add(new ApiKey { Name = "phone", Prefix = "cpk_x", Hash = "h", Role = AccountRoles.Board, AccountId = account.Id });
            return db.SaveChangesAsync();
        });

        await _store.Db(async db =>
        {
            db.Users.Remove(await db.Users.SingleAsync(u => u.Id == account.Id));
            return await db.SaveChangesAsync();
        });

        var (accountId, links, keys) = await _store.Db(async db => (
            await db.BoardMembers.Where(m => m.Id == member).Select(m => m.AccountId).SingleAsync(),
            await db.SignInLinks.CountAsync(),
            await db.ApiKeys.CountAsync()));
        Assert.Null(accountId);
        Assert.Equal(0, links + keys);
    }

    public sealed class OnSqlite() : AccountsModelTests(SqliteBackend.Instance);

    [Collection(PostgresCollection.Name)]
    public sealed class OnPostgres(PostgresServer server) : AccountsModelTests(server.DatabaseFor<OnPostgres>());
}
