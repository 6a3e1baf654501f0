using CoProduction.Store.Conversations;
using CoProduction.Store.Model;
using CoProduction.Store.Tests.Postgres;
using CoProduction.Store.Tests.TestSupport;
using CoProduction.Surveys.Definitions;
using CoProduction.Surveys.Engine;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using static CoProduction.Store.Tests.TestSupport.Turns;

namespace CoProduction.Store.Tests.Conversations;

/// <summary>
/// A survey started by its keyword, saved by the prepared statements (ConversationStore.Prepared.cs)
/// when the turn's load read the phone first, as the bot does, and by EF when it did not: both
/// must store the same rows. Runs on SQLite and on PostgreSQL.
/// </summary>
public abstract class PreparedStartTests(IStoreBackend backend) : IAsyncLifetime
{
    private static readonly ChannelAddress Alex = new(Channel.Sms, "+447700900123");
    private static readonly ChannelAddress Bea = new(Channel.Sms, "+447700900456");
    private TestStore _store = null!;

    public async Task InitializeAsync()
    {
        _store = await TestStore.CreateAsync(backend);
        await _store.PublishAsync(SampleSurveys.Checkin());
    }

    public async Task DisposeAsync() => await _store.DisposeAsync();

    private static TurnResult Start(Guid sessionId, DateTimeOffset at, params SurveyEvent[] more) =>
        Result(Session(sessionId, at), [new SessionStarted(sessionId, "checkin", 1, "en", null), .. more]);

    /// <summary>Load then save in one scope, as TurnPipeline does (the prepared path).</summary>
    private Task<SaveOutcome> Turn(ChannelAddress address, string messageId, TurnResult result) =>
        _store.InScope(async sp =>
        {
            var store = sp.GetRequiredService<ConversationStore>();
            await store.LoadAsync(address, CancellationToken.None);
            return await store.SaveTurnAsync(address, messageId, "+447700900000", result, ["Hello! A few quick questions."], CancellationToken.None);
        });

    /// <summary>A save with no load before it: EF's path.</summary>
    private Task<SaveOutcome> SaveByEf(ChannelAddress address, string messageId, TurnResult result) =>
        _store.InScope(sp => sp.GetRequiredService<ConversationStore>()
            .SaveTurnAsync(address, messageId, "+447700900000", result, ["Hello! A few quick questions."], CancellationToken.None));

    private Task<(int People, int Sessions, int Inbound)> Counts() => _store.Db(async db =>
        (await db.People.CountAsync(), await db.Sessions.CountAsync(), await db.InboundMessages.CountAsync()));

    private static object Comparable(Person p) =>
        (p.WebUserId, p.Name, p.Language, p.EasyRead, p.SlowPace, p.PreferredChannel, p.TimeZone, p.ConsentDate, p.NextCheckin, p.CreatedAt, p.UpdatedAt, p.ErasedAt);

    private static object Comparable(Session s) =>
        (s.SurveyId, s.Version, s.Channel, s.Status, s.StateJson.Replace(s.Id.ToString(), "the id"), s.StartedAt, s.LastActivityAt, s.CompletedAt, s.EndedAt, s.InvitationId, s.Pilot, s.Revision, s.FailedRevision);

    [Fact]
    public async Task AFirstText_ThatStartsASurvey_StoresThePersonTheSessionAndTheMessageId_AsEfDoes()
    {
        var (byEf, prepared) = (Guid.NewGuid(), Guid.NewGuid());
        Assert.Equal(SaveOutcome.Saved, await SaveByEf(Bea, "SM0", Start(byEf, TestStore.Start)));

        var outcome = await Turn(Alex, "SM1", Start(prepared, TestStore.Start));

        Assert.Equal(SaveOutcome.Saved, outcome);
        var (people, sessions) = await _store.Db(async db => (await db.People.ToListAsync(), await db.Sessions.ToListAsync()));
        var (alex, bea) = (people.Single(p => p.Phone == Alex.Phone), people.Single(p => p.Phone == Bea.Phone));
        Assert.Equal(Comparable(bea), Comparable(alex));
        Assert.Equal(Comparable(sessions.Single(s => s.Id == byEf)), Comparable(sessions.Single(s => s.Id == prepared)));
        Assert.Equal(alex.Id, sessions.Single(s => s.Id == prepared).PersonId);
        Assert.Equal(["Hello! A few quick questions."],
            await _store.InScope(sp => sp.GetRequiredService<ConversationStore>().FindRepliesAsync("SM1", CancellationToken.None)));
        // The next turn finds the survey open and answers it by the prepared path.
        var next = Result(Session(prepared, TestStore.Start, questionIndex: 1), Answer(prepared, "happy", "four", "4"));
        Assert.Equal(SaveOutcome.Saved, await Turn(Alex, "SM2", next));
        Assert.Equal(1, await _store.Db(db => db.Sessions.Where(s => s.Id == prepared).Select(s => s.Revision).SingleAsync()));
    }

    [Fact]
    public async Task ASurveyStarted_BySomeoneWeKnow_LeavesTheirRowAlone_UnlessTheirLanguageChanged()
    {
        var first = Guid.NewGuid();
        Assert.Equal(SaveOutcome.Saved, await Turn(Alex, "SM1", Start(first, TestStore.Start, new SessionCompleted(first)) with
        {
            State = new ConversationState { Language = "en", Session = Session(first, TestStore.Start, status: SessionStatus.Completed) },
        }));
        _store.Time.Advance(TimeSpan.FromHours(1));
        var later = _store.Time.GetUtcNow();

        var second = Guid.NewGuid();
        Assert.Equal(SaveOutcome.Saved, await Turn(Alex, "SM2", Start(second, later)));
        var unchanged = await _store.Db(db => db.People.SingleAsync());
        var third = Guid.NewGuid();
        await _store.Db(db => db.Sessions.Where(s => s.Id == second).ExecuteUpdateAsync(u => u.SetProperty(s => s.Status, SessionStatus.Stopped)));
        var welsh = Result(Session(third, later) with { Language = "cy" }, new SessionStarted(third, "checkin", 1, "cy", null), new LanguageChanged("cy")) with
        {
            State = new ConversationState { Language = "cy", Session = Session(third, later) with { Language = "cy" } },
        };
        Assert.Equal(SaveOutcome.Saved, await Turn(Alex, "SM3", welsh));
        var changed = await _store.Db(db => db.People.SingleAsync());

        Assert.Equal(("en", TestStore.Start), (unchanged.Language, unchanged.UpdatedAt));
        Assert.Equal(("cy", later), (changed.Language, changed.UpdatedAt));
        Assert.Equal((1, 3, 3), await Counts());
    }

    [Fact]
    public async Task TwoCopiesOfOneFirstText_SavedAtOnce_AreStoredOnce()
    {
        await using var one = _store.Scope();
        await using var two = _store.Scope();
        var stores = new[] { one, two }.Select(s => s.ServiceProvider.GetRequiredService<ConversationStore>()).ToArray();
        foreach (var store in stores) await store.LoadAsync(Alex, CancellationToken.None);
        var sessionId = Guid.NewGuid();

        var outcomes = await Task.WhenAll(stores.Select(store => Task.Run(() =>
            store.SaveTurnAsync(Alex, "SM1", null, Start(sessionId, TestStore.Start), ["reply"], CancellationToken.None))));

        Assert.Equal([SaveOutcome.Saved, SaveOutcome.Duplicate], outcomes.Order());
        Assert.Equal((1, 1, 1), await Counts());
    }

    [Fact]
    public async Task TwoFirstTextsFromOnePhone_SavedAtOnce_StoreOnePerson_AndTheOtherRunsAgain()
    {
        await using var one = _store.Scope();
        await using var two = _store.Scope();
        var stores = new[] { one, two }.Select(s => s.ServiceProvider.GetRequiredService<ConversationStore>()).ToArray();
        foreach (var store in stores) await store.LoadAsync(Alex, CancellationToken.None);

        var outcomes = await Task.WhenAll(stores.Select((store, i) => Task.Run(() =>
            store.SaveTurnAsync(Alex, $"SM{i}", null, Start(Guid.NewGuid(), TestStore.Start), ["reply"], CancellationToken.None))));

        Assert.Equal([SaveOutcome.Saved, SaveOutcome.Conflict], outcomes.Order());
        Assert.Equal((1, 1, 1), await Counts());
    }

    [Fact]
    public async Task AFirstTextWithAMessageIdTooLong_IsRefused_WithTheStoreUnchanged()
    {
        await Assert.ThrowsAsync<StoredValueException>(() => Turn(Alex, new string('S', 65), Start(Guid.NewGuid(), TestStore.Start)));

        Assert.Equal((0, 0, 0), await Counts());
        Assert.Equal(SaveOutcome.Saved, await Turn(Alex, "SM1", Start(Guid.NewGuid(), TestStore.Start)));
        Assert.Equal((1, 1, 1), await Counts());
    }

    public sealed class OnSqlite() : PreparedStartTests(SqliteBackend.Instance);

    [Collection(PostgresCollection.Name)]
    public sealed class OnPostgres(PostgresServer server) : PreparedStartTests(server.DatabaseFor<OnPostgres>());
}
