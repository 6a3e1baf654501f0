using CoProduction.Store.Model;
using CoProduction.Store.OptOuts;
using CoProduction.Store.Tests.Postgres;
using CoProduction.Store.Tests.TestSupport;
using Microsoft.EntityFrameworkCore;

namespace CoProduction.Store.Tests.OptOuts;

/// <summary>Runs on SQLite and on PostgreSQL: see the nested <see cref="OnSqlite"/> and <see cref="OnPostgres"/>.</summary>
public abstract class OptOutRegisterTests(IStoreBackend backend) : IAsyncLifetime
{
    private const string Phone = "+447700900123";
    private TestStore _store = null!;

    public async Task InitializeAsync() => _store = await TestStore.CreateAsync(backend);

    public async Task DisposeAsync() => await _store.DisposeAsync();

    private Task<bool> IsOut(string? phone, Guid? person) =>
        _store.Db(db => OptOutRegister.IsOptedOutAsync(db, phone, person, CancellationToken.None));

    private Task<bool> Record(string? phone, Guid? person, string keyword) => _store.Db(async db =>
    {
        var added = await OptOutRegister.RecordAsync(db, phone, person, keyword, "+447700900000", _store.Time.GetUtcNow(), CancellationToken.None);
        await db.SaveChangesAsync();
        return added;
    });

    private Task<int> OptBackIn(string? phone, Guid? person, string keyword) => _store.Db(async db =>
    {
        var ended = await OptOutRegister.OptBackInAsync(db, phone, person, keyword, _store.Time.GetUtcNow(), CancellationToken.None);
        await db.SaveChangesAsync();
        return ended;
    });

    private async Task<Guid> AddPersonAsync(string? phone) => await _store.Db(async db =>
    {
        var person = new Person { Id = Guid.NewGuid(), Phone = phone, CreatedAt = TestStore.Start, UpdatedAt = TestStore.Start };
        db.People.Add(person);
        await db.SaveChangesAsync();
        return person.Id;
    });

    [Fact]
    public async Task IsOptedOut_IsFalse_ForSomeoneWhoNeverStopped_AndForNobody()
    {
        Assert.False(await IsOut(Phone, Guid.NewGuid()));
        Assert.False(await IsOut(null, null));
    }

    [Fact]
    public async Task IsOptedOut_HoldsForThePhone_AndForThePerson_WhicheverWasRecorded()
    {
        var person = await AddPersonAsync(Phone);
        await Record(Phone, null, "STOP");

        Assert.True(await IsOut(Phone, null));
        Assert.True(await IsOut(Phone, person));
        Assert.False(await IsOut("+447700900999", null));

        var chatOnly = await AddPersonAsync(null);
        await Record(null, chatOnly, "STOP");
        Assert.True(await IsOut(null, chatOnly));
        Assert.True(await IsOut("+447700900555", chatOnly));
    }

    [Theory]
    [InlineData("STOP", "STOP")]
    [InlineData("unsubscribe", "UNSUBSCRIBE")]
    [InlineData("STOPALL", "STOPALL")]
    [InlineData("CARRIER", "CARRIER")]
    [InlineData("STAFF", "STAFF")]
    [InlineData("Please stop texting me now, thank you very much, I really do mean it this time.", "STOP")]
    [InlineData("stopio", "STOP")]
    public async Task Record_KeepsOnlyTheStandardKeyword_NeverThePersonsWords(string given, string recorded)
    {
        Assert.True(await Record(Phone, null, given));

        Assert.Equal(recorded, await _store.Db(db => db.OptOuts.Select(o => o.Keyword).SingleAsync()));
    }

    [Fact]
    public async Task Record_AddsNothing_WhenTheyAreAlreadyOptedOut()
    {
        var person = await AddPersonAsync(Phone);
        Assert.True(await Record(Phone, person, "STOP"));

        Assert.False(await Record(Phone, person, "STOP"));
        Assert.False(await Record(Phone, null, "CARRIER"));
        Assert.False(await Record(null, person, "STOP"));

        Assert.Equal(1, await _store.Db(db => db.OptOuts.CountAsync()));
    }

    [Fact]
    public async Task OptBackIn_EndsEveryOpenOptOut_ForThePhoneAndThePerson_WithTheStartKeyword()
    {
        var person = await AddPersonAsync(Phone);
        await Record(Phone, null, "STOP");
        // A STOP from their invitation chat, recorded against them before their phone was known.
        await _store.Db(async db =>
        {
            db.OptOuts.Add(new OptOut { PersonId = person, Keyword = "STOP", At = TestStore.Start });
            return await db.SaveChangesAsync();
        });
        _store.Time.Advance(TimeSpan.FromDays(2));

        Assert.Equal(2, await OptBackIn(Phone, person, "DECHRAU"));

        Assert.False(await IsOut(Phone, person));
        var ended = await _store.Db(db => db.OptOuts.Select(o => new { o.EndedAt, o.EndedKeyword }).ToListAsync());
        Assert.All(ended, o => Assert.Equal((TestStore.Start.AddDays(2), "DECHRAU"), (o.EndedAt, o.EndedKeyword)));
    }

    [Theory]
    [InlineData("START", "START")]
    [InlineData("unstop", "UNSTOP")]
    [InlineData("STAFF", "STAFF")]
    [InlineData("yes please start again", "START")]
    public async Task OptBackIn_RecordsOnlyAStandardWord(string given, string recorded)
    {
        await Record(Phone, null, "STOP");

        await OptBackIn(Phone, null, given);

        Assert.Equal(recorded, await _store.Db(db => db.OptOuts.Select(o => o.EndedKeyword).SingleAsync()));
    }

    [Fact]
    public async Task StopAfterOptingBackIn_IsRecordedAgain_AsHistory()
    {
        await Record(Phone, null, "STOP");
        await OptBackIn(Phone, null, "START");

        Assert.True(await Record(Phone, null, "END"));

        Assert.True(await IsOut(Phone, null));
        Assert.Equal(["STOP", "END"], await _store.Db(db => db.OptOuts.OrderBy(o => o.Id).Select(o => o.Keyword).ToListAsync()));
    }

    public sealed class OnSqlite() : OptOutRegisterTests(SqliteBackend.Instance);

    [Collection(PostgresCollection.Name)]
    public sealed class OnPostgres(PostgresServer server) : OptOutRegisterTests(server.DatabaseFor<OnPostgres>());
}
