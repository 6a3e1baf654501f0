using CoProduction.Store.Model;
using CoProduction.Store.OptOuts;
using CoProduction.Store.Privacy;
using CoProduction.Store.Results;
using CoProduction.Store.Setup;
using CoProduction.Store.Tests.Postgres;
using CoProduction.Store.Tests.TestSupport;
using CoProduction.Surveys.Definitions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace CoProduction.Store.Tests.Privacy;

/// <summary>Runs on SQLite and on PostgreSQL: see the nested <see cref="OnSqlite"/> and <see cref="OnPostgres"/>.</summary>
public abstract class PersonEraserTests(IStoreBackend backend) : IAsyncLifetime
{
    private TestStore _store = null!;

    public async Task InitializeAsync()
    {
        _store = await TestStore.CreateAsync(backend);
        await _store.PublishAsync(SampleSurveys.Checkin());
    }

    public async Task DisposeAsync() => await _store.DisposeAsync();

    private Task<ErasureOutcome> Erase(Guid person, string answers = PrivacyOptions.KeepAnonymous) => _store.InScope(sp =>
        new PersonEraser(sp.GetRequiredService<StoreDbContext>(), Options.Create(new PrivacyOptions { ErasedAnswers = answers }),
            _store.Time, sp.GetRequiredService<StoreWriteGate>()).EraseAsync(person, "Morgan staff", CancellationToken.None));

    private Task<SurveyResults?> Results() =>
        _store.InScope(sp => sp.GetRequiredService<ResultsQuery>().GetAsync("checkin", CancellationToken.None));

    /// <summary>Three people who answered, in a group, each with a message in the outbox; returns the first one.</summary>
    private async Task<Person> ThreePeopleAsync()
    {
        await ResultsData.AddPeopleAsync(_store, null, 3, "happy=4 safe=yes change=text:Alice_at_12_Rose_Street", group: "homes");
        return await _store.Db(async db =>
        {
            var person = await db.People.OrderBy(p => p.Phone).FirstAsync();
            person.WebUserId = "web-user-1";
            person.TimeZone = "Europe/London";
            person.NextCheckin = new DateOnly(2026, 9, 1);
            db.OutboxMessages.Add(new OutboxMessage { To = person.Phone!, Channel = Channel.Sms, Body = "Hello Alice", At = TestStore.Start });
            db.OutboxMessages.Add(new OutboxMessage { To = "+447700111222", Channel = Channel.Sms, Body = "Hello Bea", At = TestStore.Start });
            db.BotStateItems.Add(new BotStateItem { Key = $"menu/sms/{person.Phone}", Json = "{}", ETag = "1" });
            await db.SaveChangesAsync();
            return person;
        });
    }

    [Fact]
    public async Task Erase_RemovesContactDetailsGroupsAndMessages_AndKeepsAnswersAnonymously_SoResultsStillAddUp()
    {
        var person = await ThreePeopleAsync();
        var before = await Results();

        var outcome = await Erase(person.Id);

        Assert.Equal(new ErasureOutcome(ErasureStatus.Erased, 3, false), outcome);
        var erased = await _store.Db(db => db.People.AsNoTracking().SingleAsync(p => p.Id == person.Id));
        Assert.Equal((null, null, null, null, null), (erased.Phone, erased.Name, erased.WebUserId, erased.TimeZone, erased.NextCheckin));
        Assert.Equal(_store.Time.GetUtcNow(), erased.ErasedAt);
        Assert.Equal(0, await _store.Db(db => db.PersonGroups.CountAsync(g => g.PersonId == person.Id)));
        Assert.Equal(["+447700111222"], await _store.Db(db => db.OutboxMessages.Select(m => m.To).ToListAsync()));
        Assert.Equal(0, await _store.Db(db => db.BotStateItems.CountAsync()));
        Assert.All(await _store.Db(db => db.Answers.Where(a => a.PersonId == person.Id).ToListAsync()), a => Assert.Equal("", a.Raw));
        Assert.Equal(System.Text.Json.JsonSerializer.Serialize(before), System.Text.Json.JsonSerializer.Serialize(await Results()));
        Assert.Equal(2, await _store.Db(db => db.People.CountAsync(p => p.Name != null)));
    }

    [Fact]
    public async Task Erase_WithAnswersSetToDelete_RemovesTheirSessionsAndAnswers_AndResultsCountOneFewer()
    {
        var person = await ThreePeopleAsync();

        var outcome = await Erase(person.Id, "delete");

        Assert.Equal(new ErasureOutcome(ErasureStatus.Erased, 3, true), outcome);
        var after = await Results();
        Assert.Equal(2, after!.Responses);
        Assert.Equal(2, after.Questions.Single(q => q.Id == "happy").Counts["4"]);
        Assert.Equal(0, await _store.Db(db => db.Sessions.CountAsync(s => s.PersonId == person.Id)));
    }

    [Fact]
    public async Task Erase_Twice_IsDoneOnce_AndAnUnknownPersonIsNotFound()
    {
        var person = await ThreePeopleAsync();

        var first = await Erase(person.Id);
        var second = await Erase(person.Id);

        Assert.Equal(ErasureStatus.Erased, first.Status);
        Assert.Equal(ErasureStatus.AlreadyErased, second.Status);
        Assert.Equal(ErasureStatus.NotFound, (await Erase(Guid.NewGuid())).Status);
        Assert.Equal(1, await _store.Db(db => db.AuditEvents.CountAsync(e => e.Action == "person-erased")));
    }

    [Fact]
    public async Task TwoErasuresAtOnce_EraseOnce()
    {
        var person = await ThreePeopleAsync();

        var outcomes = await Task.WhenAll(Erase(person.Id), Erase(person.Id));

        Assert.Equal([ErasureStatus.Erased, ErasureStatus.AlreadyErased], outcomes.Select(o => o.Status).Order());
        Assert.Equal(1, await _store.Db(db => db.AuditEvents.CountAsync(e => e.Action == "person-erased")));
    }

    [Fact]
    public async Task Erase_KeepsTheirStop_AsAHashOfTheNumber_SoTheNumberIsStillOptedOut_UntilTheyTextStart()
    {
        var person = await ThreePeopleAsync();
        var phone = person.Phone!;
        await _store.Db(async db =>
        {
            await OptOutRegister.RecordAsync(db, phone, person.Id, "STOP", null, TestStore.Start, CancellationToken.None);
            return await db.SaveChangesAsync();
        });

        await Erase(person.Id);

        Assert.Equal(0, await _store.Db(db => db.OptOuts.CountAsync(o => o.Phone != null)));
        Assert.True(await _store.Db(db => OptOutRegister.IsOptedOutAsync(db, phone, null, CancellationToken.None)));
        // Imported again, the number is a new person, and still opted out.
        Assert.True(await _store.Db(db => OptOutRegister.IsOptedOutAsync(db, phone, Guid.NewGuid(), CancellationToken.None)));
        Assert.False(await _store.Db(db => OptOutRegister.IsOptedOutAsync(db, "+447700999888", null, CancellationToken.None)));

        var ended = await _store.Db(async db =>
        {
            var n = await OptOutRegister.OptBackInAsync(db, phone, null, "START", TestStore.Start, CancellationToken.None);
            await db.SaveChangesAsync();
            return n;
        });
        Assert.Equal(1, ended);
        Assert.False(await _store.Db(db => OptOutRegister.IsOptedOutAsync(db, phone, null, CancellationToken.None)));
    }

    [Fact]
    public async Task Erase_IsAudited_WithWhoAndTheId_NeverTheNumberOrName()
    {
        var person = await ThreePeopleAsync();

        await Erase(person.Id);

        var entry = await _store.Db(db => db.AuditEvents.SingleAsync(e => e.Action == "person-erased"));
        Assert.Equal("Morgan staff", entry.Actor);
        Assert.Contains(person.Id.ToString(), entry.Detail);
        Assert.DoesNotContain(person.Phone![3..], entry.Detail);
        Assert.DoesNotContain("Alice", entry.Detail);
    }

    public sealed class OnSqlite() : PersonEraserTests(SqliteBackend.Instance);

    [Collection(PostgresCollection.Name)]
    public sealed class OnPostgres(PostgresServer server) : PersonEraserTests(server.DatabaseFor<OnPostgres>());
}
