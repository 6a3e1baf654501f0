using CoProduction.Store.Model;
using CoProduction.Store.OptOuts;
using CoProduction.Store.Privacy;
using CoProduction.Store.Tests.Postgres;
using CoProduction.Store.Tests.TestSupport;
using CoProduction.Surveys.Definitions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CoProduction.Store.Tests.Privacy;

/// <summary>Runs on SQLite and on PostgreSQL: see the nested <see cref="OnSqlite"/> and <see cref="OnPostgres"/>.</summary>
public abstract class PersonRecordsTests(IStoreBackend backend) : IAsyncLifetime
{
    private TestStore _store = null!;

    public async Task InitializeAsync()
    {
        _store = await TestStore.CreateAsync(backend);
        await _store.PublishAsync(SampleSurveys.Checkin());
    }

    public async Task DisposeAsync() => await _store.DisposeAsync();

    private Task<PersonRecord?> Gather(Guid id) =>
        _store.InScope(sp => sp.GetRequiredService<PersonRecords>().GatherAsync(id, "Morgan staff", CancellationToken.None));

    [Fact]
    public async Task Gather_HoldsTheirDetailsGroupsStopSessionsAnswersAndMessages_AndNobodyElses()
    {
        await ResultsData.AddPeopleAsync(_store, null, 2, "happy=4 safe=yes", group: "homes");
        var person = await _store.Db(db => db.People.OrderBy(p => p.Phone).FirstAsync());
        await _store.Db(async db =>
        {
            db.OutboxMessages.Add(new OutboxMessage { To = person.Phone!, Channel = Channel.Sms, Body = "Hello Alice", At = TestStore.Start });
            db.OutboxMessages.Add(new OutboxMessage { To = "+447700111222", Channel = Channel.Sms, Body = "Hello Bea", At = TestStore.Start });
            await OptOutRegister.RecordAsync(db, person.Phone, person.Id, "STOP", null, TestStore.Start, CancellationToken.None);
            return await db.SaveChangesAsync();
        });

        var record = (await Gather(person.Id))!;

        Assert.Equal((person.Phone, "Alice Example"), (record.Person.Phone, record.Person.Name));
        Assert.Equal(["homes"], record.Groups);
        Assert.True(record.OptedOut);
        Assert.Equal("STOP", Assert.Single(record.OptOuts).Keyword);
        var session = Assert.Single(record.Sessions);
        Assert.Equal(["happy", "safe"], session.Answers.Select(a => a.Question));
        Assert.Equal("Hello Alice", Assert.Single(record.Messages).Text);
        var audit = await _store.Db(db => db.AuditEvents.SingleAsync());
        Assert.Equal(("person-exported", "Morgan staff"), (audit.Action, audit.Actor));
        Assert.DoesNotContain(person.Phone![3..], audit.Detail);
    }

    [Fact]
    public async Task Gather_ForAnErasedPerson_ShowsTheyAreErasedAndStillStopped_ButNoNumber()
    {
        await ResultsData.AddPeopleAsync(_store, null, 1, "happy=4");
        var person = await _store.Db(db => db.People.FirstAsync());
        await _store.Db(async db =>
        {
            await OptOutRegister.RecordAsync(db, person.Phone, person.Id, "STOP", null, TestStore.Start, CancellationToken.None);
            return await db.SaveChangesAsync();
        });
        await _store.InScope(sp => sp.GetRequiredService<PersonEraser>().EraseAsync(person.Id, "Morgan staff", CancellationToken.None));

        var record = (await Gather(person.Id))!;

        Assert.NotNull(record.Person.ErasedAt);
        Assert.Null(record.Person.Phone);
        Assert.True(record.OptedOut);
        Assert.Equal("", Assert.Single(record.Sessions).Answers[0].Sent);
    }

    [Fact]
    public async Task Gather_ForNobody_IsNull_AndNotAudited()
    {
        Assert.Null(await Gather(Guid.NewGuid()));
        Assert.Equal(0, await _store.Db(db => db.AuditEvents.CountAsync()));
    }

    public sealed class OnSqlite() : PersonRecordsTests(SqliteBackend.Instance);

    [Collection(PostgresCollection.Name)]
    public sealed class OnPostgres(PostgresServer server) : PersonRecordsTests(server.DatabaseFor<OnPostgres>());
}
