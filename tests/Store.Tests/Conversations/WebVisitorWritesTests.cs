using CoProduction.Store.BotState;
using CoProduction.Store.Conversations;
using CoProduction.Store.Model;
using CoProduction.Store.Tests.Postgres;
using CoProduction.Store.Tests.TestSupport;
using CoProduction.Store.WebChat;
using CoProduction.Surveys.Definitions;
using CoProduction.Surveys.Engine;
using Microsoft.Bot.Builder;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Newtonsoft.Json.Linq;
using static CoProduction.Store.Tests.TestSupport.Turns;

namespace CoProduction.Store.Tests.Conversations;

/// <summary>
/// What a web visitor's turn writes besides its answer, in the same transaction
/// (ConversationStore.WebVisitor.cs): the chat's activities (the visitor's and the replies) and
/// the menu last offered, which the visitor's load reads back in its one command. On SQLite and on PostgreSQL.
/// </summary>
public abstract class WebVisitorWritesTests(IStoreBackend backend) : IAsyncLifetime
{
    private static readonly ChannelAddress Rhys = new(Channel.Web, "dl_rhys");
    private static readonly TimeSpan Lifetime = TimeSpan.FromHours(1);
    private readonly Guid _session = Guid.NewGuid();
    private TestStore _store = null!;

    public async Task InitializeAsync()
    {
        _store = await TestStore.CreateAsync(backend);
        await _store.PublishAsync(SampleSurveys.Checkin());
        await _store.InScope(sp => Store(sp).SaveTurnAsync(Rhys, "c|m0", null,
            Result(Session(_session, TestStore.Start), new SessionStarted(_session, "checkin", 1, "en", null)), ["intro"], CancellationToken.None));
        var history = _store.Services.GetRequiredService<WebChatHistory>();
        await history.StartAsync("c", Rhys.Id, null, Now, Now + Lifetime, default);
        // The greeting kept earlier: the turn's activities are numbered after it.
        await history.AppendAsync("c", n => $"{{\"n\":{n},\"text\":\"hello\"}}", Now, Now + Lifetime, keep: 100, default);
    }

    public async Task DisposeAsync() => await _store.DisposeAsync();

    private DateTimeOffset Now => _store.Time.GetUtcNow();

    private static ConversationStore Store(IServiceProvider sp) => sp.GetRequiredService<ConversationStore>();

    private TurnResult Answering(MenuState? menu = null)
    {
        var result = Result(Session(_session, TestStore.Start, 1) with { LastActivityAt = Now }, Answer(_session, "happy", "four", "4"));
        return result with { State = result.State with { Menu = menu } };
    }

    private WebChatTurnAppend Append(List<IReadOnlyList<WebChatActivity>?> told, params Func<long, string>[] renders) =>
        new("c", renders, "client-1", Now, Now + Lifetime, keep: 100, told.Add);

    private Task<SaveOutcome> LoadAndSaveAsync(TurnResult result, WebChatTurnAppend? append, string messageId = "c|m1") => _store.InScope(async sp =>
    {
        await Store(sp).LoadAsync(Rhys, CancellationToken.None);
        Store(sp).WebChatAppend = append;
        return await Store(sp).SaveTurnAsync(Rhys, messageId, null, result, ["Thanks."], CancellationToken.None);
    });

    private Task<List<(long Sequence, string Json, string? Client)>> HistoryAsync() => _store.Db(async db =>
        (await db.WebChatActivities.AsNoTracking().Where(a => a.ConversationId == "c").OrderBy(a => a.Sequence).ToListAsync())
            .Select(a => (a.Sequence, a.Json, a.ClientActivityId)).ToList());

    [Fact]
    public async Task AWebAnswer_KeepsTheVisitorsActivityAndTheReplies_InItsOwnTransaction_NumberedAfterTheHistory()
    {
        var told = new List<IReadOnlyList<WebChatActivity>?>();

        var outcome = await LoadAndSaveAsync(Answering(), Append(told, n => $"{{\"n\":{n},\"text\":\"4\"}}", n => $"{{\"n\":{n},\"text\":\"Thanks\"}}"));

        Assert.Equal(SaveOutcome.Saved, outcome);
        Assert.Equal(1, await _store.Db(db => db.Answers.CountAsync()));
        Assert.Equal([(0L, "{\"n\":0,\"text\":\"hello\"}", (string?)null), (1L, "{\"n\":1,\"text\":\"4\"}", "client-1"), (2L, "{\"n\":2,\"text\":\"Thanks\"}", null)],
            await HistoryAsync());
        Assert.Equal([1L, 2], Assert.Single(told)!.Select(a => a.Sequence));
        Assert.Equal(3, await _store.Db(db => db.WebChatConversations.Where(c => c.Id == "c").Select(c => c.NextSequence).SingleAsync()));
    }

    [Fact]
    public async Task AWebAnswer_WhoseChatActivitiesCannotBeKept_KeepsNeitherTheAnswerNorAnyActivity()
    {
        var told = new List<IReadOnlyList<WebChatActivity>?>();
        var before = await HistoryAsync();

        await Assert.ThrowsAsync<InvalidOperationException>(() => LoadAndSaveAsync(Answering(),
            Append(told, n => "{\"text\":\"4\"}", n => throw new InvalidOperationException("The reply could not be rendered."))));

        Assert.Equal(0, await _store.Db(db => db.Answers.CountAsync()));
        Assert.Equal(0, await _store.Db(db => db.InboundMessages.CountAsync(m => m.MessageId == "c|m1")));
        Assert.Equal(before, await HistoryAsync());
        Assert.Equal(1, await _store.Db(db => db.WebChatConversations.Where(c => c.Id == "c").Select(c => c.NextSequence).SingleAsync()));
        Assert.Empty(told);
    }

    [Fact]
    public async Task AWebAnswer_WhoseHistoryInsertTheStoreRefuses_KeepsNeitherTheAnswerTheClaimNorTheNumbers()
    {
        // The client's id already kept in this chat: the history's insert fails in the store itself,
        // after the numbers were taken and the claim and the answer written, in the same transaction.
        var history = _store.Services.GetRequiredService<WebChatHistory>();
        await history.AppendAsync("c", [n => $"{{\"n\":{n},\"text\":\"4\"}}"], "client-1", Now, Now + Lifetime, keep: 100, default);
        var before = await HistoryAsync();
        var told = new List<IReadOnlyList<WebChatActivity>?>();

        var outcome = await LoadAndSaveAsync(Answering(), Append(told, n => $"{{\"n\":{n},\"text\":\"4\"}}", n => $"{{\"n\":{n},\"text\":\"Thanks\"}}"));

        Assert.Equal(SaveOutcome.Conflict, outcome);
        Assert.Equal(0, await _store.Db(db => db.Answers.CountAsync()));
        Assert.Equal(0, await _store.Db(db => db.InboundMessages.CountAsync(m => m.MessageId == "c|m1")));
        Assert.Equal(before, await HistoryAsync());
        Assert.Equal(2, await _store.Db(db => db.WebChatConversations.Where(c => c.Id == "c").Select(c => c.NextSequence).SingleAsync()));
        Assert.Empty(told);
    }

    [Fact]
    public async Task AWebAnswer_InAChatThatHasEnded_IsStillSaved_AndSaysNothingOfTheChatWasKept()
    {
        var told = new List<IReadOnlyList<WebChatActivity>?>();
        _store.Time.Advance(Lifetime + TimeSpan.FromMinutes(1));

        var outcome = await LoadAndSaveAsync(Answering(), Append(told, n => "{\"text\":\"4\"}"));

        Assert.Equal(SaveOutcome.Saved, outcome);
        Assert.Equal(1, await _store.Db(db => db.Answers.CountAsync()));
        Assert.Null(Assert.Single(told));
        Assert.Single(await HistoryAsync());
    }

    [Fact]
    public async Task ANewVisitorsFirstTurn_StoresThePersonAndTheSessionAsEfDoes_WithTheChatInTheSameWrite()
    {
        var (ann, bea) = (new ChannelAddress(Channel.Web, "dl_ann"), new ChannelAddress(Channel.Web, "dl_bea"));
        var (prepared, byEf) = (Guid.NewGuid(), Guid.NewGuid());
        TurnResult Start(Guid id) => Result(Session(id, TestStore.Start), new SessionStarted(id, "checkin", 1, "en", null));
        await _store.Services.GetRequiredService<WebChatHistory>().StartAsync("c-ann", ann.Id, null, Now, Now + Lifetime, default);
        var told = new List<IReadOnlyList<WebChatActivity>?>();
        // A save with no load before it goes by EF, as every new visitor's first turn did.
        Assert.Equal(SaveOutcome.Saved, await _store.InScope(sp => Store(sp).SaveTurnAsync(bea, "c-bea|m0", null, Start(byEf), ["intro"], CancellationToken.None)));

        var outcome = await _store.InScope(async sp =>
        {
            await Store(sp).LoadAsync(ann, CancellationToken.None);
            Store(sp).WebChatAppend = new WebChatTurnAppend("c-ann", [n => $"{{\"n\":{n},\"text\":\"CHECKIN\"}}", n => $"{{\"n\":{n},\"text\":\"intro\"}}"],
                "client-1", Now, Now + Lifetime, keep: 100, told.Add);
            return await Store(sp).SaveTurnAsync(ann, "c-ann|m0", null, Start(prepared), ["intro"], CancellationToken.None);
        });

        Assert.Equal(SaveOutcome.Saved, outcome);
        // Told what was kept: only the prepared save keeps the chat with the turn (EF's leaves it to a write of its own).
        Assert.Equal([0L, 1], Assert.Single(told)!.Select(a => a.Sequence));
        var (people, sessions) = await _store.Db(async db => (await db.People.AsNoTracking().ToListAsync(), await db.Sessions.AsNoTracking().ToListAsync()));
        var (annRow, beaRow) = (people.Single(p => p.WebUserId == ann.Id), people.Single(p => p.WebUserId == bea.Id));
        Assert.Equal(Comparable(beaRow), Comparable(annRow));
        Assert.Equal(Comparable(sessions.Single(s => s.Id == byEf)), Comparable(sessions.Single(s => s.Id == prepared)));
        Assert.Equal(annRow.Id, sessions.Single(s => s.Id == prepared).PersonId);
        Assert.Equal(1, await _store.Db(db => db.InboundMessages.CountAsync(m => m.MessageId == "c-ann|m0")));
        Assert.Equal(["client-1", null], await _store.Db(db => db.WebChatActivities.Where(a => a.ConversationId == "c-ann")
            .OrderBy(a => a.Sequence).Select(a => a.ClientActivityId).ToListAsync()));
    }

    [Fact]
    public async Task ANewVisitorsGreeting_AMenuAndNothingStarted_StoresThePersonAsEfDoes_WithTheMenuAndTheChatInTheSameWrite()
    {
        var (ann, bea) = (new ChannelAddress(Channel.Web, "dl_ann"), new ChannelAddress(Channel.Web, "dl_bea"));
        var offered = new MenuState(MenuKind.Language, ["en", "cy"]);
        var greeting = new TurnResult(new CoProduction.Surveys.Engine.ConversationState { Menu = offered }, [Prompt.Message("Hello", "en")], []);
        await _store.Services.GetRequiredService<WebChatHistory>().StartAsync("c-ann", ann.Id, null, Now, Now + Lifetime, default);
        var told = new List<IReadOnlyList<WebChatActivity>?>();
        Assert.Equal(SaveOutcome.Saved, await _store.InScope(sp => Store(sp).SaveTurnAsync(bea, "c-bea|m0", null, greeting, ["Hello"], CancellationToken.None)));

        var (outcome, savedMenu) = await _store.InScope(async sp =>
        {
            await Store(sp).LoadAsync(ann, CancellationToken.None);
            Store(sp).WebChatAppend = new WebChatTurnAppend("c-ann", [n => $"{{\"n\":{n},\"type\":\"event\"}}", n => $"{{\"n\":{n},\"text\":\"Hello\"}}"],
                null, Now, Now + Lifetime, keep: 100, told.Add);
            var saved = await Store(sp).SaveTurnAsync(ann, "c-ann|m0", null, greeting, ["Hello"], CancellationToken.None);
            return (saved, Store(sp).SavedMenu(ann));
        });

        Assert.Equal((SaveOutcome.Saved, true), (outcome, savedMenu));
        Assert.Equal([0L, 1], Assert.Single(told)!.Select(a => a.Sequence));
        var people = await _store.Db(db => db.People.AsNoTracking().ToListAsync());
        Assert.Equal(Comparable(people.Single(p => p.WebUserId == bea.Id)), Comparable(people.Single(p => p.WebUserId == ann.Id)));
        var annId = people.Single(p => p.WebUserId == ann.Id).Id;
        Assert.Equal(0, await _store.Db(db => db.Sessions.CountAsync(s => s.PersonId == annId)));
        var loaded = await _store.InScope(sp => Store(sp).LoadAsync(ann, CancellationToken.None));
        Assert.Equal(["en", "cy"], loaded.State.Menu!.Options);
        Assert.Equal(1, await _store.Db(db => db.InboundMessages.CountAsync(m => m.MessageId == "c-ann|m0")));
    }

    private static object Comparable(Person p) =>
        (p.Phone, p.Name, p.Language, p.EasyRead, p.SlowPace, p.PreferredChannel, p.TimeZone, p.ConsentDate, p.NextCheckin, p.CreatedAt, p.UpdatedAt, p.ErasedAt);

    private static object Comparable(Session s) =>
        (s.SurveyId, s.Version, s.Channel, s.Status, s.StateJson.Replace(s.Id.ToString(), "the id"), s.StartedAt, s.LastActivityAt, s.CompletedAt, s.EndedAt, s.InvitationId, s.Pilot, s.Revision, s.FailedRevision);

    [Fact]
    public async Task TheMenu_WrittenAsBotStateBefore_IsReadByTheLoad_ThenWrittenAndClearedByTheSave()
    {
        // As MenuMemory wrote it through Bot Framework's storage before the load read it.
        var storage = _store.Services.GetRequiredService<IStorage>();
        await storage.WriteAsync(new Dictionary<string, object>
        {
            [MenuItems.Key(Rhys)] = new JObject { ["kind"] = "Survey", ["options"] = new JArray("checkin", "travel"), ["eTag"] = "*" },
        });
        var offered = new MenuState(MenuKind.Language, ["en", "cy"]);

        var loaded = await _store.InScope(async sp =>
        {
            var record = await Store(sp).LoadAsync(Rhys, CancellationToken.None);
            return (record.State.Menu, Store(sp).TryGetLoadedMenu(Rhys, out var menu), menu);
        });
        await LoadAndSaveAsync(Answering(offered), null);
        var written = await _store.InScope(sp => Store(sp).LoadAsync(Rhys, CancellationToken.None));
        var asBotState = await storage.ReadAsync([MenuItems.Key(Rhys)]);
        await LoadAndSaveAsync(Answering(menu: null), null, messageId: "c|m2");
        var cleared = await _store.Db(db => db.BotStateItems.CountAsync(i => i.Key == MenuItems.Key(Rhys)));

        Assert.Equal(MenuKind.Survey, loaded.Item1!.Kind);
        Assert.Equal(["checkin", "travel"], loaded.Item1.Options);
        Assert.True(loaded.Item2);
        Assert.Equal(MenuKind.Language, written.State.Menu!.Kind);
        Assert.Equal(["en", "cy"], written.State.Menu.Options);
        Assert.Equal("Language", (string?)((JObject)asBotState[MenuItems.Key(Rhys)])["kind"]);
        Assert.Equal(0, cleared);
    }

    [Fact]
    public async Task AMenuAtAnAddressTheStoreCannotHold_IsRefusedBeforeAnythingIsWritten_AndReadingItFindsNothing()
    {
        // The menu's key column holds 512 characters: refused as a SaveChanges refuses it, on SQLite as on PostgreSQL.
        var far = new ChannelAddress(Channel.Web, "dl_" + new string('x', 600));
        var before = await _store.Db(db => db.BotStateItems.CountAsync());

        await _store.InScope(async sp =>
        {
            await Assert.ThrowsAsync<StoredValueException>(() => Store(sp).WriteMenuAsync(far, new MenuState(MenuKind.Language, ["en", "cy"]), CancellationToken.None));
            Assert.Null(await Store(sp).ReadMenuAsync(far, CancellationToken.None));
            return 0;
        });

        Assert.Equal(before, await _store.Db(db => db.BotStateItems.CountAsync()));
    }

    public sealed class OnSqlite() : WebVisitorWritesTests(SqliteBackend.Instance);

    [Collection(PostgresCollection.Name)]
    public sealed class OnPostgres(PostgresServer server) : WebVisitorWritesTests(server.DatabaseFor<OnPostgres>());
}
