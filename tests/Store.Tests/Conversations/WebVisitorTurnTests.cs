using CoProduction.Store.Conversations;
using CoProduction.Store.Model;
using CoProduction.Store.OptOuts;
using CoProduction.Store.Tests.Postgres;
using CoProduction.Store.Tests.TestSupport;
using CoProduction.Surveys.Definitions;
using CoProduction.Surveys.Engine;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using static CoProduction.Store.Tests.TestSupport.Turns;

namespace CoProduction.Store.Tests.Conversations;

/// <summary>
/// A web chat visitor's turn on the prepared path (ConversationStore.WebVisitor.cs): the load as
/// one command, and the answer saved by the same statements as a text's, storing what EF's path
/// stores. On SQLite and on PostgreSQL.
/// </summary>
public abstract class WebVisitorTurnTests(IStoreBackend backend) : IAsyncLifetime
{
    private static readonly ChannelAddress Rhys = new(Channel.Web, "dl_rhys");
    private static readonly ChannelAddress Sian = new(Channel.Web, "dl_sian");
    private readonly Guid _rhysSession = Guid.NewGuid();
    private readonly Guid _sianSession = Guid.NewGuid();
    private TestStore _store = null!;

    public async Task InitializeAsync()
    {
        _store = await TestStore.CreateAsync(backend);
        await _store.PublishAsync(SampleSurveys.Checkin());
        // Both start the survey by EF's path (a new person, a new session).
        foreach (var (who, session) in new[] { (Rhys, _rhysSession), (Sian, _sianSession) })
        {
            await _store.InScope(sp => sp.GetRequiredService<ConversationStore>().SaveTurnAsync(who, who.Id + "|m0", null,
                Result(Session(session, TestStore.Start), new SessionStarted(session, "checkin", 1, "en", null)), ["intro"], CancellationToken.None));
        }
    }

    public async Task DisposeAsync() => await _store.DisposeAsync();

    private ConversationStore Store(IServiceProvider sp) => sp.GetRequiredService<ConversationStore>();

    private Task<ConversationRecord> Load(ChannelAddress who) => _store.InScope(sp => Store(sp).LoadAsync(who, CancellationToken.None));

    private TurnResult Answering(Guid session, string raw, string? value, int questionIndex = 1) =>
        Result(Session(session, TestStore.Start, questionIndex) with { LastActivityAt = _store.Time.GetUtcNow() }, Answer(session, "happy", raw, value));

    [Fact]
    public async Task AWebAnswer_OnThePreparedPath_StoresTheSameRowsAsEfsPath()
    {
        _store.Time.Advance(TimeSpan.FromMinutes(2));
        // Rhys as the bot runs a turn (load, then save: the prepared path); Sian's save without a
        // load of its own goes by EF's path, as every save did before.
        var prepared = await _store.InScope(async sp =>
        {
            await Store(sp).LoadAsync(Rhys, CancellationToken.None);
            return await Store(sp).SaveTurnAsync(Rhys, "c|m1", null, Answering(_rhysSession, "four", "4"), ["Thanks."], CancellationToken.None);
        });
        var byEf = await _store.InScope(sp => Store(sp).SaveTurnAsync(Sian, "c|m2", null, Answering(_sianSession, "four", "4"), ["Thanks."], CancellationToken.None));

        Assert.Equal((SaveOutcome.Saved, SaveOutcome.Saved), (prepared, byEf));
        var rows = await _store.Db(async db => (
            People: await db.People.AsNoTracking().ToDictionaryAsync(p => p.WebUserId!),
            Sessions: await db.Sessions.AsNoTracking().ToDictionaryAsync(s => s.Id),
            Answers: await db.Answers.AsNoTracking().ToDictionaryAsync(a => a.SessionId),
            Inbound: await db.InboundMessages.AsNoTracking().Where(m => m.MessageId.StartsWith("c|")).OrderBy(m => m.MessageId).ToListAsync()));
        var (rhys, sian) = (rows.People[Rhys.Id], rows.People[Sian.Id]);
        Assert.Equal((sian.Language, sian.EasyRead, sian.UpdatedAt), (rhys.Language, rhys.EasyRead, rhys.UpdatedAt));
        var (rs, ss) = (rows.Sessions[_rhysSession], rows.Sessions[_sianSession]);
        Assert.Equal((ss.Status, ss.LastActivityAt, ss.Revision, ss.CompletedAt), (rs.Status, rs.LastActivityAt, rs.Revision, rs.CompletedAt));
        Assert.Equal(ss.StateJson.Replace(_sianSession.ToString(), "id"), rs.StateJson.Replace(_rhysSession.ToString(), "id"));
        var (ra, sa) = (rows.Answers[_rhysSession], rows.Answers[_sianSession]);
        Assert.Equal((rhys.Id, Channel.Web), (ra.PersonId, ra.Channel));
        Assert.Equal((sa.SurveyId, sa.Version, sa.QuestionId, sa.Raw, sa.Value, sa.Status, sa.Channel, sa.At),
            (ra.SurveyId, ra.Version, ra.QuestionId, ra.Raw, ra.Value, ra.Status, ra.Channel, ra.At));
        Assert.Equal((rows.Inbound[1].Channel, rows.Inbound[1].ReceivedAt, rows.Inbound[1].RepliesJson),
            (rows.Inbound[0].Channel, rows.Inbound[0].ReceivedAt, rows.Inbound[0].RepliesJson));
    }

    [Fact]
    public async Task TheLoad_FindsTheVisitorTheirOpenSurveyAndTheCatalogStamp()
    {
        var record = await Load(Rhys);
        var stranger = await Load(new ChannelAddress(Channel.Web, "dl_nobody"));

        Assert.Equal(await _store.Db(db => db.People.Where(p => p.WebUserId == Rhys.Id).Select(p => (Guid?)p.Id).SingleAsync()), record.PersonId);
        Assert.Equal((_rhysSession, false, false), (record.State.Session?.Id, record.State.OptedOut, record.State.PhoneOnRecord));
        Assert.Equal(await _store.Db(db => db.Set<CoProduction.Store.Catalog.CatalogStampRow>().Select(r => r.Value).SingleAsync()), record.Catalog!.Value.Stamp.Value);
        Assert.Equal((true, (Guid?)null, false), (stranger.IsNewPerson, stranger.State.Session?.Id, stranger.State.OptedOut));
    }

    [Fact]
    public async Task TheLoad_SeesAnOptOutHeldByThePerson_ByThePhoneOnRecord_OrOnlyByThatPhonesHash()
    {
        const string phone = "+447700900321";
        var personId = await _store.Db(db => db.People.Where(p => p.WebUserId == Rhys.Id).Select(p => p.Id).SingleAsync());
        await _store.Db(db => db.People.Where(p => p.Id == personId).ExecuteUpdateAsync(u => u.SetProperty(p => p.Phone, phone)));
        var free = await Load(Rhys);

        async Task<bool> OptedOutWith(OptOut optOut)
        {
            await _store.Db(db => db.OptOuts.ExecuteDeleteAsync());
            await _store.Db(async db => { db.OptOuts.Add(optOut); return await db.SaveChangesAsync(); });
            return (await Load(Rhys)).State.OptedOut;
        }

        var byPerson = await OptedOutWith(new OptOut { PersonId = personId, Keyword = "STOP", At = TestStore.Start });
        var byPhone = await OptedOutWith(new OptOut { Phone = phone, Keyword = "STOP", At = TestStore.Start });
        var byHash = await OptedOutWith(new OptOut { PhoneHash = OptOutRegister.HashPhone(phone), Keyword = "STOP", At = TestStore.Start });
        var ended = await OptedOutWith(new OptOut { Phone = phone, Keyword = "STOP", At = TestStore.Start, EndedAt = TestStore.Start });
        var otherPhone = await OptedOutWith(new OptOut { Phone = "+447700900999", Keyword = "STOP", At = TestStore.Start });

        Assert.Equal((false, true), (free.State.OptedOut, free.State.PhoneOnRecord));
        Assert.Equal((true, true, true, false, false), (byPerson, byPhone, byHash, ended, otherPhone));
    }

    [Fact]
    public async Task AWebAnswer_IsAConflict_WhenAParallelTurnSavedFirst_AndSavesWhenRunAgain()
    {
        await using var slow = _store.Scope();
        var slowStore = Store(slow.ServiceProvider);
        await slowStore.LoadAsync(Rhys, CancellationToken.None);
        var first = await _store.InScope(async sp =>
        {
            await Store(sp).LoadAsync(Rhys, CancellationToken.None);
            return await Store(sp).SaveTurnAsync(Rhys, "c|m1", null, Answering(_rhysSession, "four", "4"), ["r"], CancellationToken.None);
        });

        var late = await slowStore.SaveTurnAsync(Rhys, "c|m2", null, Answering(_rhysSession, "five", "5"), ["late"], CancellationToken.None);
        var answersAfterConflict = await _store.Db(db => db.Answers.Select(a => a.Value).ToListAsync());
        await slowStore.LoadAsync(Rhys, CancellationToken.None);
        var again = await slowStore.SaveTurnAsync(Rhys, "c|m2", null, Answering(_rhysSession, "five", "5", 2), ["again"], CancellationToken.None);

        Assert.Equal((SaveOutcome.Saved, SaveOutcome.Conflict, SaveOutcome.Saved), (first, late, again));
        Assert.Equal(["4"], answersAfterConflict);
        Assert.Equal(2, await _store.Db(db => db.Sessions.Where(s => s.Id == _rhysSession).Select(s => s.Revision).SingleAsync()));
    }

    public sealed class OnSqlite() : WebVisitorTurnTests(SqliteBackend.Instance);

    [Collection(PostgresCollection.Name)]
    public sealed class OnPostgres(PostgresServer server) : WebVisitorTurnTests(server.DatabaseFor<OnPostgres>());
}
