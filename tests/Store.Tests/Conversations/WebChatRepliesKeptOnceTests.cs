using CoProduction.Store.Conversations;
using CoProduction.Store.Tests.Postgres;
using CoProduction.Store.Tests.TestSupport;
using CoProduction.Store.WebChat;
using CoProduction.Surveys.Definitions;
using CoProduction.Surveys.Engine;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using static CoProduction.Store.Tests.TestSupport.Turns;

namespace CoProduction.Store.Tests.Conversations;

/// <summary>
/// Where a web chat turn's replies are kept (ConversationStore.WebVisitor.cs, <c>RepliesKeptWithTheMessage</c>):
/// a turn whose chat activities are written in its own transaction keeps its replies in the chat's history
/// only, not a second copy with its inbound message; a turn saved without them (by EF, whose chat is appended
/// after its commit, or with no chat to keep) keeps them with its message, for a retry to send. On SQLite and
/// on PostgreSQL.
/// </summary>
public abstract class WebChatRepliesKeptOnceTests(IStoreBackend backend) : IAsyncLifetime
{
    private static readonly ChannelAddress Rhys = new(Channel.Web, "dl_rhys");
    private static readonly TimeSpan Lifetime = TimeSpan.FromHours(1);
    private const string Thanks = "{\"type\":\"message\",\"text\":\"Thanks, that is saved.\"}";
    private readonly Guid _session = Guid.NewGuid();
    private TestStore _store = null!;

    public async Task InitializeAsync()
    {
        _store = await TestStore.CreateAsync(backend);
        await _store.PublishAsync(SampleSurveys.Checkin());
        await _store.InScope(sp => Store(sp).SaveTurnAsync(Rhys, "c|m0", null,
            Result(Session(_session, TestStore.Start), new SessionStarted(_session, "checkin", 1, "en", null)), ["intro"], CancellationToken.None));
        await _store.Services.GetRequiredService<WebChatHistory>().StartAsync("c", Rhys.Id, null, Now, Now + Lifetime, default);
    }

    public async Task DisposeAsync() => await _store.DisposeAsync();

    private DateTimeOffset Now => _store.Time.GetUtcNow();

    private static ConversationStore Store(IServiceProvider sp) => sp.GetRequiredService<ConversationStore>();

    private TurnResult Answering() =>
        Result(Session(_session, TestStore.Start, 1) with { LastActivityAt = Now }, Answer(_session, "happy", "four", "4"));

    private WebChatTurnAppend Append(List<IReadOnlyList<WebChatActivity>?> told) =>
        new("c", [n => $"{{\"n\":{n},\"text\":\"4\"}}", n => Thanks], "client-1", Now, Now + Lifetime, keep: 100, told.Add);

    private Task<SaveOutcome> SaveAsync(string messageId, WebChatTurnAppend? append, bool loadFirst = true) => _store.InScope(async sp =>
    {
        if (loadFirst) await Store(sp).LoadAsync(Rhys, CancellationToken.None);
        Store(sp).WebChatAppend = append;
        return await Store(sp).SaveTurnAsync(Rhys, messageId, null, Answering(), [Thanks], CancellationToken.None);
    });

    private Task<IReadOnlyList<string>?> RepliesOfAsync(string messageId) =>
        _store.InScope(sp => Store(sp).FindRepliesAsync(messageId, CancellationToken.None));

    private Task<List<string>> HistoryAsync() => _store.Db(db => db.WebChatActivities.AsNoTracking()
        .Where(a => a.ConversationId == "c").OrderBy(a => a.Sequence).Select(a => a.Json).ToListAsync());

    [Fact]
    public async Task AnAnswerKeptWithItsChat_HoldsItsReplyInTheHistoryOnly_AndItsRetryIsADuplicateThatChangesNothing()
    {
        var told = new List<IReadOnlyList<WebChatActivity>?>();

        var first = await SaveAsync("c|m1", Append(told));
        var history = await HistoryAsync();
        var retry = await SaveAsync("c|m1", Append(told));

        Assert.Equal((SaveOutcome.Saved, SaveOutcome.Duplicate), (first, retry));
        Assert.Equal(["{\"n\":0,\"text\":\"4\"}", Thanks], history);
        // The message is known (a retry is refused), with no second copy of the reply beside the history's.
        Assert.Empty(Assert.IsAssignableFrom<IReadOnlyList<string>>(await RepliesOfAsync("c|m1")));
        Assert.Equal(0, await _store.Db(db => db.InboundMessages.CountAsync(m => m.RepliesJson.Contains("Thanks"))));
        Assert.Equal(history, await HistoryAsync());
        Assert.Equal(1, await _store.Db(db => db.Answers.CountAsync()));
        Assert.Single(told);
    }

    [Fact]
    public async Task AnAnswerWithNoChatToKeep_KeepsItsReplyWithTheMessage()
    {
        Assert.Equal(SaveOutcome.Saved, await SaveAsync("c|m1", append: null));

        Assert.Equal([Thanks], await RepliesOfAsync("c|m1"));
        Assert.Empty(await HistoryAsync());
    }

    [Fact]
    public async Task AnAnswerSavedByEf_WhoseChatIsAppendedAfterItsCommit_KeepsItsReplyWithTheMessage_ForARetryToSend()
    {
        var told = new List<IReadOnlyList<WebChatActivity>?>();

        // No load before the save: EF's path, which leaves the chat to a write of its own after the commit.
        Assert.Equal(SaveOutcome.Saved, await SaveAsync("c|m1", Append(told), loadFirst: false));

        Assert.Equal([Thanks], await RepliesOfAsync("c|m1"));
        Assert.Empty(told);
        Assert.Empty(await HistoryAsync());
    }

    public sealed class OnSqlite() : WebChatRepliesKeptOnceTests(SqliteBackend.Instance);

    [Collection(PostgresCollection.Name)]
    public sealed class OnPostgres(PostgresServer server) : WebChatRepliesKeptOnceTests(server.DatabaseFor<OnPostgres>());
}
