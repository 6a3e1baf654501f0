using CoProduction.Store.Accounts;
using CoProduction.Store.Model;
using CoProduction.Store.Privacy;
using CoProduction.Store.Tests.Postgres;
using CoProduction.Store.Tests.TestSupport;
using CoProduction.Surveys.Definitions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace CoProduction.Store.Tests.Privacy;

/// <summary>Runs on SQLite and on PostgreSQL: see the nested <see cref="OnSqlite"/> and <see cref="OnPostgres"/>.</summary>
public abstract class RetentionTests(IStoreBackend backend) : IAsyncLifetime
{
    private TestStore _store = null!;

    public async Task InitializeAsync() => _store = await TestStore.CreateAsync(backend);

    public async Task DisposeAsync() => await _store.DisposeAsync();

    private Task<RetentionResult> Run(int batch = 2000) => _store.InScope(sp =>
        new Retention(sp.GetRequiredService<StoreDbContext>(), Options.Create(new PrivacyOptions { BatchSize = batch }), _store.Time).RunAsync(CancellationToken.None));

    /// <summary>Messages, answers and audit entries written <paramref name="daysAgo"/> days before now.</summary>
    private Task AddAsync(int daysAgo, int count = 1) => _store.Db(async db =>
    {
        var at = _store.Time.GetUtcNow().AddDays(-daysAgo);
        var person = new Person { Id = Guid.NewGuid(), Phone = $"+4477009{daysAgo:D3}{count:D3}" };
        var session = new Session { Id = Guid.NewGuid(), PersonId = person.Id, SurveyId = "checkin", StateJson = "{}" };
        db.Surveys.Add(new Survey { Id = "checkin", Title = "Check-in", Keyword = "CHECKIN" });
        db.People.Add(person);
        db.Sessions.Add(session);
        for (var i = 0; i < count; i++)
        {
            var id = $"SM{daysAgo:D3}{i:D29}";
            db.InboundMessages.Add(new InboundMessage { MessageId = id, Channel = Channel.Sms, ReceivedAt = at, RepliesJson = "[\"Thanks Alice\"]" });
            db.Answers.Add(new Answer { SessionId = session.Id, PersonId = person.Id, SurveyId = "checkin", QuestionId = "happy", Raw = "four pls", Value = "4", At = at });
            db.OutboxMessages.Add(new OutboxMessage { To = person.Phone, Channel = Channel.Sms, Body = "Hello Alice", At = at });
            db.AuditEvents.Add(new AuditEvent { Action = "signed-in", Actor = "Alex", Detail = "with a password", At = at });
        }
        return await db.SaveChangesAsync();
    });

    [Fact]
    public async Task Run_ClearsMessagesOlderThan90Days_AndKeepsNewerOnes_AndTheUnderstoodAnswers()
    {
        await AddAsync(daysAgo: 91, count: 2);

        var result = await Run();

        Assert.Equal(new RetentionResult(Replies: 2, Answers: 2, Outbox: 2, Audit: 0), result);
        Assert.All(await _store.Db(db => db.InboundMessages.ToListAsync()), m => Assert.Equal("[]", m.RepliesJson));
        Assert.All(await _store.Db(db => db.Answers.ToListAsync()), a => Assert.Equal(("", "4"), (a.Raw, a.Value)));
        Assert.Equal(0, await _store.Db(db => db.OutboxMessages.CountAsync()));
        Assert.Equal(2, await _store.Db(db => db.AuditEvents.CountAsync()));
    }

    [Fact]
    public async Task Run_LeavesMessagesYoungerThan90Days_Alone()
    {
        await AddAsync(daysAgo: 89, count: 2);

        Assert.Equal(new RetentionResult(0, 0, 0, 0), await Run());
        Assert.All(await _store.Db(db => db.Answers.ToListAsync()), a => Assert.Equal("four pls", a.Raw));
        Assert.Equal(2, await _store.Db(db => db.OutboxMessages.CountAsync()));
    }

    [Fact]
    public async Task Run_RemovesAuditEntriesOlderThanTwoYears_Only()
    {
        await _store.Db(async db =>
        {
            var now = _store.Time.GetUtcNow();
            db.AuditEvents.Add(new AuditEvent { Action = "signed-in", Actor = "Old", Detail = "", At = now.AddDays(-731) });
            db.AuditEvents.Add(new AuditEvent { Action = "signed-in", Actor = "Recent", Detail = "", At = now.AddDays(-729) });
            return await db.SaveChangesAsync();
        });

        var result = await Run();

        Assert.Equal(1, result.Audit);
        Assert.Equal(["Recent"], await _store.Db(db => db.AuditEvents.Select(e => e.Actor).ToListAsync()));
    }

    [Fact]
    public async Task Run_InSmallBatches_ClearsEverything_AndASecondRunOrTwoAtOnceFindNothingMore()
    {
        await AddAsync(daysAgo: 120, count: 7);

        var both = await Task.WhenAll(Run(batch: 3), Run(batch: 3));
        var again = await Run(batch: 3);

        // Two nodes may both count a row the other cleared; what matters is what is left.
        Assert.True(both.Sum(b => b.Total) >= 21);
        Assert.Equal(new RetentionResult(0, 0, 0, 0), again);
        Assert.Equal(0, await _store.Db(db => db.Answers.CountAsync(a => a.Raw != "")));
        Assert.Equal(0, await _store.Db(db => db.InboundMessages.CountAsync(m => m.RepliesJson != "[]")));
        Assert.Equal(0, await _store.Db(db => db.OutboxMessages.CountAsync()));
        Assert.Equal(7, await _store.Db(db => db.Answers.CountAsync(a => a.Value == "4")));
    }

    public sealed class OnSqlite() : RetentionTests(SqliteBackend.Instance);

    [Collection(PostgresCollection.Name)]
    public sealed class OnPostgres(PostgresServer server) : RetentionTests(server.DatabaseFor<OnPostgres>());
}
