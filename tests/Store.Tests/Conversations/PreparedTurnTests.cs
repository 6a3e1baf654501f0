using CoProduction.Store.Conversations;
using CoProduction.Store.Model;
using CoProduction.Store.OptOuts;
using CoProduction.Store.Setup;
using CoProduction.Store.Tests.Postgres;
using CoProduction.Store.Tests.TestSupport;
using CoProduction.Surveys.Definitions;
using CoProduction.Surveys.Engine;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using static CoProduction.Store.Tests.TestSupport.Turns;

namespace CoProduction.Store.Tests.Conversations;

/// <summary>
/// The common turn's own statements (ConversationStore.Prepared.cs): a text that answers the
/// open survey of someone we know, loaded and saved in one scope as the bot does. Runs on SQLite
/// and on PostgreSQL, where column lengths are enforced by the server too.
/// </summary>
public abstract class PreparedTurnTests(IStoreBackend backend) : IAsyncLifetime
{
    private static readonly ChannelAddress Alex = new(Channel.Sms, "+447700900123");
    private readonly Guid _sessionId = Guid.NewGuid();
    private TestStore _store = null!;

    public async Task InitializeAsync()
    {
        _store = await TestStore.CreateAsync(backend);
        await _store.PublishAsync(SampleSurveys.Checkin());
        // The survey starts by EF's path (a new person, a new session); the answers follow.
        await _store.InScope(sp => sp.GetRequiredService<ConversationStore>().SaveTurnAsync(Alex, "SM0", null,
            Result(Session(_sessionId, TestStore.Start), new SessionStarted(_sessionId, "checkin", 1, "en", null)), ["intro"], CancellationToken.None));
    }

    public async Task DisposeAsync() => await _store.DisposeAsync();

    /// <summary>Load then save in one scope, as TurnPipeline does.</summary>
    private Task<SaveOutcome> Turn(string messageId, TurnResult result, params string[] replies) =>
        _store.InScope(async sp =>
        {
            var store = sp.GetRequiredService<ConversationStore>();
            await store.LoadAsync(Alex, CancellationToken.None);
            return await store.SaveTurnAsync(Alex, messageId, "+447700900000", result, replies, CancellationToken.None);
        });

    private TurnResult Answering(string raw, string? value, int questionIndex = 1) =>
        Result(Session(_sessionId, TestStore.Start, questionIndex) with { LastActivityAt = _store.Time.GetUtcNow() }, Answer(_sessionId, "happy", raw, value));

    private Task<(int Answers, int Inbound, int Revision)> Counts() => _store.Db(async db => (
        await db.Answers.CountAsync(), await db.InboundMessages.CountAsync(), await db.Sessions.Select(s => s.Revision).SingleAsync()));

    [Fact]
    public async Task AnAnswerTurn_StoresTheAnswerTheStateThePersonAndTheMessageId_AsEfWould()
    {
        _store.Time.Advance(TimeSpan.FromMinutes(2));
        var outcome = await Turn("SM1", Answering("four", "4"), "Thanks. Do you feel safe at home?");

        Assert.Equal(SaveOutcome.Saved, outcome);
        var now = _store.Time.GetUtcNow();
        var (person, session, answer) = await _store.Db(async db => (await db.People.SingleAsync(), await db.Sessions.SingleAsync(), await db.Answers.SingleAsync()));
        Assert.Equal((_sessionId, person.Id, "checkin", 1, "happy", "four", "4", AnswerStatus.Answered, Channel.Sms, now),
            (answer.SessionId, answer.PersonId, answer.SurveyId, answer.Version, answer.QuestionId, answer.Raw, answer.Value, answer.Status, answer.Channel, answer.At));
        Assert.Equal((SessionStatus.Active, now, 1, (DateTimeOffset?)null), (session.Status, session.LastActivityAt, session.Revision, session.CompletedAt));
        Assert.Contains("\"questionIndex\":1", session.StateJson);
        // The person's language and easy read did not change: their row is left as it was.
        Assert.Equal(("en", TestStore.Start), (person.Language, person.UpdatedAt));
        Assert.Equal(["Thanks. Do you feel safe at home?"],
            await _store.InScope(sp => sp.GetRequiredService<ConversationStore>().FindRepliesAsync("SM1", CancellationToken.None)));
    }

    [Fact]
    public async Task TurnsThatKeepOrChangeTheStatus_StoreTheStatusTheTurnLeft_ByTheStatusIndexesToo_EvenSavedTwiceInOneScope()
    {
        _store.Time.Advance(TimeSpan.FromMinutes(1));
        // The status left as loaded (Active): the save does not set it, and it stays.
        Assert.Equal(SaveOutcome.Saved, await Turn("SM1", Answering("four", "4")));
        // Set aside, not completed: the status changes with no completion time.
        var paused = Session(_sessionId, TestStore.Start, 2, status: SessionStatus.AwaitingCarryOn) with { LastActivityAt = _store.Time.GetUtcNow() };
        Assert.Equal(SaveOutcome.Saved, await Turn("SM2", Result(paused)));
        var afterPause = await _store.Db(db => db.Sessions.SingleAsync());
        // Two saves in one scope with no load between: the second compares with what the first saved.
        var statuses = await _store.InScope(async sp =>
        {
            var store = sp.GetRequiredService<ConversationStore>();
            await store.LoadAsync(Alex, CancellationToken.None);
            var now = _store.Time.GetUtcNow();
            var active = Session(_sessionId, TestStore.Start, 2) with { LastActivityAt = now };
            var first = await store.SaveTurnAsync(Alex, "SM3", null, Result(active), [], CancellationToken.None);
            var second = await store.SaveTurnAsync(Alex, "SM4", null, Result(paused with { QuestionIndex = 3 }), [], CancellationToken.None);
            return (first, second);
        });

        Assert.Equal((SessionStatus.AwaitingCarryOn, 2, (DateTimeOffset?)null), (afterPause.Status, afterPause.Revision, afterPause.CompletedAt));
        Assert.Equal((SaveOutcome.Saved, SaveOutcome.Saved), statuses);
        var session = await _store.Db(db => db.Sessions.SingleAsync());
        Assert.Equal((SessionStatus.AwaitingCarryOn, 4), (session.Status, session.Revision));
        Assert.Contains("\"questionIndex\":3", session.StateJson);
        // The indexes on the status say the same as the row: the session is found by its status.
        Assert.Equal(1, await _store.Db(db => db.Sessions.CountAsync(x => x.PersonId == session.PersonId && x.Status == SessionStatus.AwaitingCarryOn)));
        Assert.Equal(0, await _store.Db(db => db.Sessions.CountAsync(x => x.SurveyId == "checkin" && x.Status == SessionStatus.Active)));
    }

    [Fact]
    public async Task AnAnswerTurn_ThatCompletesTheSurvey_RecordsWhenItWasCompleted()
    {
        _store.Time.Advance(TimeSpan.FromMinutes(3));
        var done = Session(_sessionId, TestStore.Start, questionIndex: 6, status: SessionStatus.Completed);

        var outcome = await Turn("SM1", Result(done, Answer(_sessionId, "safe", "yes", "yes"), new SessionCompleted(_sessionId)));

        Assert.Equal(SaveOutcome.Saved, outcome);
        var session = await _store.Db(db => db.Sessions.SingleAsync());
        Assert.Equal((SessionStatus.Completed, (DateTimeOffset?)_store.Time.GetUtcNow()), (session.Status, session.CompletedAt));
        Assert.Null((await _store.InScope(sp => sp.GetRequiredService<ConversationStore>().LoadAsync(Alex, CancellationToken.None))).State.Session);
    }

    [Fact]
    public async Task ARetriedAnswer_IsADuplicate_AndStoresNothingNew()
    {
        var first = await Turn("SM1", Answering("four", "4"), "first reply");
        var retry = await Turn("SM1", Answering("five", "5", questionIndex: 2), "second reply");

        Assert.Equal((SaveOutcome.Saved, SaveOutcome.Duplicate), (first, retry));
        Assert.Equal((1, 2, 1), await Counts());
        Assert.Equal(["first reply"], await _store.InScope(sp => sp.GetRequiredService<ConversationStore>().FindRepliesAsync("SM1", CancellationToken.None)));
    }

    /// <summary>
    /// A copy of a message whose first turn has claimed it but not yet committed: the copy's save
    /// (on PostgreSQL one batch, the claim first) waits for that transaction, then stores nothing
    /// and is answered with the replies the first turn stored.
    /// </summary>
    [Fact]
    public async Task ACopyArrivingWhileTheFirstIsUncommitted_WaitsForIt_ThenIsADuplicate_AnsweredWithTheFirstReplies()
    {
        await using var first = _store.Scope();
        var firstDb = first.ServiceProvider.GetRequiredService<StoreDbContext>();
        await using var firstTurn = await firstDb.Database.BeginTransactionAsync();
        firstDb.InboundMessages.Add(new InboundMessage { MessageId = "SM1", Channel = Channel.Sms, ReceivedAt = TestStore.Start, RepliesJson = "[\"first reply\"]" });
        await firstDb.SaveChangesAsync();

        var copy = Task.Run(() => Turn("SM1", Answering("four", "4"), "copy's reply"));
        await _store.WaitUntilBlockedAsync(copy);
        await firstTurn.CommitAsync();

        Assert.Equal(SaveOutcome.Duplicate, await copy);
        Assert.Equal((0, 2, 0), await Counts());
        Assert.Equal(["first reply"], await _store.InScope(sp => sp.GetRequiredService<ConversationStore>().FindRepliesAsync("SM1", CancellationToken.None)));
    }

    [Fact]
    public async Task TwoCopiesOfOneAnswer_SavedAtOnce_AreStoredOnce()
    {
        await using var one = _store.Scope();
        await using var two = _store.Scope();
        var stores = new[] { one, two }.Select(s => s.ServiceProvider.GetRequiredService<ConversationStore>()).ToArray();
        foreach (var store in stores) await store.LoadAsync(Alex, CancellationToken.None);

        var outcomes = await Task.WhenAll(stores.Select(store => Task.Run(() =>
            store.SaveTurnAsync(Alex, "SM1", null, Answering("four", "4"), ["reply"], CancellationToken.None))));

        Assert.Equal([SaveOutcome.Saved, SaveOutcome.Duplicate], outcomes.Order());
        Assert.Equal((1, 2, 1), await Counts());
    }

    [Fact]
    public async Task AnAnswerTurn_IsAConflict_WhenAParallelTurnSavedTheSessionAfterItsLoad_AndStoresNothing()
    {
        await using var slow = _store.Scope();
        var slowStore = slow.ServiceProvider.GetRequiredService<ConversationStore>();
        await slowStore.LoadAsync(Alex, CancellationToken.None);
        Assert.Equal(SaveOutcome.Saved, await Turn("SM1", Answering("four", "4")));

        var outcome = await slowStore.SaveTurnAsync(Alex, "SM2", null, Answering("five", "5"), ["late"], CancellationToken.None);

        Assert.Equal(SaveOutcome.Conflict, outcome);
        Assert.Equal((1, 2, 1), await Counts());
        Assert.Equal(["4"], await _store.Db(db => db.Answers.Select(a => a.Value).ToListAsync()));
        // Run again on the fresh state, as TurnPipeline does: it saves.
        await slowStore.LoadAsync(Alex, CancellationToken.None);
        Assert.Equal(SaveOutcome.Saved, await slowStore.SaveTurnAsync(Alex, "SM2", null, Answering("five", "5", 2), ["again"], CancellationToken.None));
        Assert.Equal((2, 3, 2), await Counts());
    }

    /// <summary>
    /// The kept statements' parameters are set again on every turn (TurnValue): two people's turns
    /// loaded and saved interleaved each store their own answer, state and replies, and a value left
    /// empty (a skipped answer) is stored empty, not as the value the turn before it set.
    /// </summary>
    [Fact]
    public async Task TwoPeoplesTurns_Interleaved_EachStoreTheirOwnAnswerStateAndReplies()
    {
        var bea = new ChannelAddress(Channel.Sms, "+447700900456");
        var beaSession = Guid.NewGuid();
        await _store.InScope(sp => sp.GetRequiredService<ConversationStore>().SaveTurnAsync(bea, "SMb0", null,
            Result(Session(beaSession, TestStore.Start), new SessionStarted(beaSession, "checkin", 1, "en", null)), ["intro"], CancellationToken.None));
        _store.Time.Advance(TimeSpan.FromMinutes(1));
        var now = _store.Time.GetUtcNow();

        await using var alexScope = _store.Scope();
        await using var beaScope = _store.Scope();
        var alexStore = alexScope.ServiceProvider.GetRequiredService<ConversationStore>();
        var beaStore = beaScope.ServiceProvider.GetRequiredService<ConversationStore>();
        await alexStore.LoadAsync(Alex, CancellationToken.None);
        await beaStore.LoadAsync(bea, CancellationToken.None);
        var alexState = Session(_sessionId, TestStore.Start, 1, values: new Dictionary<string, string?> { ["happy"] = "4" }) with { LastActivityAt = now };
        var beaState = Session(beaSession, TestStore.Start, 1, values: new Dictionary<string, string?> { ["happy"] = null }) with { LastActivityAt = now, HeardText = "Ŵyr" };
        Assert.Equal(SaveOutcome.Saved, await alexStore.SaveTurnAsync(Alex, "SMa1", null, Result(alexState, Answer(_sessionId, "happy", "four", "4")), ["Alex's reply"], CancellationToken.None));
        Assert.Equal(SaveOutcome.Saved, await beaStore.SaveTurnAsync(bea, "SMb1", null,
            Result(beaState, Answer(beaSession, "happy", "skip", null, AnswerStatus.Skipped)), ["Bea's reply"], CancellationToken.None));

        var answers = await _store.Db(db => db.Answers.OrderBy(a => a.Raw).Select(a => new { a.SessionId, a.Raw, a.Value, a.Status }).ToListAsync());
        Assert.Equal(new (Guid, string, string?, AnswerStatus)[] { (_sessionId, "four", "4", AnswerStatus.Answered), (beaSession, "skip", null, AnswerStatus.Skipped) },
            answers.Select(a => (a.SessionId, a.Raw, a.Value, a.Status)).ToArray());
        var alexLoaded = (await _store.InScope(sp => sp.GetRequiredService<ConversationStore>().LoadAsync(Alex, CancellationToken.None))).State.Session!;
        var beaLoaded = (await _store.InScope(sp => sp.GetRequiredService<ConversationStore>().LoadAsync(bea, CancellationToken.None))).State.Session!;
        Assert.Equal(("4", (string?)null), (alexLoaded.Values["happy"], alexLoaded.HeardText));
        Assert.Equal(((string?)null, "Ŵyr"), (beaLoaded.Values["happy"], beaLoaded.HeardText));
        var replies = await _store.InScope(async sp =>
        {
            var store = sp.GetRequiredService<ConversationStore>();
            return (await store.FindRepliesAsync("SMa1", CancellationToken.None), await store.FindRepliesAsync("SMb1", CancellationToken.None));
        });
        Assert.Equal(["Alex's reply"], replies.Item1!);
        Assert.Equal(["Bea's reply"], replies.Item2!);
    }

    [Fact]
    public async Task AnAnswerTurn_RentsNoEfContext_AndStoresTheSameRows()
    {
        _store.Time.Advance(TimeSpan.FromMinutes(2));

        var rented = await _store.InScope(async sp =>
        {
            var store = sp.GetRequiredService<ConversationStore>();
            await store.LoadAsync(Alex, CancellationToken.None);
            Assert.Equal(SaveOutcome.Saved, await store.SaveTurnAsync(Alex, "SM1", null, Answering("four", "4"), ["thanks"], CancellationToken.None));
            return sp.GetRequiredService<StoreContextLease>().Rented;
        });

        // On PostgreSQL too: the statements open a connection from the data source EF's contexts use.
        Assert.False(rented);
        Assert.Equal((1, 2, 1), await Counts());
        Assert.Equal(("four", "4", _store.Time.GetUtcNow()), await _store.Db(db => db.Answers.Select(a => new ValueTuple<string, string?, DateTimeOffset>(a.Raw, a.Value, a.At)).SingleAsync()));
    }

    [Fact]
    public async Task AnAnswerTooLongForItsColumn_IsRefused_WithTheStoreUnchanged_AndTheNextTurnSaves()
    {
        var before = await Counts();

        await Assert.ThrowsAsync<StoredValueException>(() => Turn("SM1", Answering(new string('4', 4001), "4")));

        Assert.Equal(before, await Counts());
        Assert.Equal(SaveOutcome.Saved, await Turn("SM1", Answering("four", "4")));
        Assert.Equal((1, 2, 1), await Counts());
    }

    [Fact]
    public async Task AKeptConnection_IsUsedAgainByTheNextTurns_AndTheirStatementsStillSave()
    {
        for (var i = 1; i <= 5; i++)
        {
            Assert.Equal(SaveOutcome.Saved, await Turn($"SM{i}", Answering($"answer {i}", "4", questionIndex: i)));
        }

        Assert.Equal((5, 6, 5), await Counts());
        var kept = _store.Services.GetRequiredService<TurnConnections>();
        var connectionString = await _store.Db(db => Task.FromResult(db.Database.GetConnectionString()!));
        // SQLite keeps one connection (its statements prepared) for turns one after another; on
        // PostgreSQL the server connection keeps them and nothing is kept here.
        Assert.Equal(backend.Provider == "Sqlite" ? 1 : 0, kept.IdleCount(connectionString));
    }

    [Fact]
    public async Task TheLoad_SeesAnOptOutHeldOnlyByThePhonesHash_OrOnlyByThePerson()
    {
        var personId = await _store.Db(db => db.People.Select(p => p.Id).SingleAsync());
        await _store.Db(async db =>
        {
            db.OptOuts.Add(new OptOut { PhoneHash = OptOutRegister.HashPhone(Alex.Phone!), Keyword = "STOP", At = TestStore.Start });
            db.OptOuts.Add(new OptOut { PersonId = personId, Keyword = "STOP", At = TestStore.Start, EndedAt = TestStore.Start });
            return await db.SaveChangesAsync();
        });
        var byHash = await _store.InScope(sp => sp.GetRequiredService<ConversationStore>().LoadAsync(Alex, CancellationToken.None));
        await _store.Db(db => db.OptOuts.Where(o => o.PhoneHash != null).ExecuteDeleteAsync());
        var ended = await _store.InScope(sp => sp.GetRequiredService<ConversationStore>().LoadAsync(Alex, CancellationToken.None));
        await _store.Db(db => db.OptOuts.ExecuteUpdateAsync(u => u.SetProperty(o => o.EndedAt, (DateTimeOffset?)null)));
        var byPerson = await _store.InScope(sp => sp.GetRequiredService<ConversationStore>().LoadAsync(Alex, CancellationToken.None));

        Assert.Equal((true, false, true), (byHash.State.OptedOut, ended.State.OptedOut, byPerson.State.OptedOut));
        Assert.Equal(_sessionId, byPerson.State.Session?.Id);
    }

    [Fact]
    public async Task TheLoad_ReadsTheCatalogStampAndWhetherAPilotRanHere_InTheSameRoundTrip()
    {
        var before = await _store.InScope(sp => sp.GetRequiredService<ConversationStore>().LoadAsync(Alex, CancellationToken.None));
        await _store.Db(async db =>
        {
            db.PilotRuns.Add(new PilotRun { Id = Guid.NewGuid(), SurveyId = "checkin", Version = 1, MemberId = Guid.NewGuid(), Channel = Channel.Sms, Address = Alex.Id, StartedAt = TestStore.Start });
            return await db.SaveChangesAsync();
        });
        var after = await _store.InScope(sp => sp.GetRequiredService<ConversationStore>().LoadAsync(Alex, CancellationToken.None));

        var stamp = await _store.Db(db => db.Set<CoProduction.Store.Catalog.CatalogStampRow>().Select(r => r.Value).SingleAsync());
        Assert.Equal((stamp, false, true), (before.Catalog!.Value.Stamp.Value, before.Catalog.Value.PilotRunsHere, after.Catalog!.Value.PilotRunsHere));
    }

    [Fact]
    public async Task TheOpenSurvey_IsLoaded_AmongManyThePersonFinishedLater_AndWhenItIsSetAside()
    {
        // The load no longer orders the person's sessions to choose one: the store keeps at most
        // one open survey a person (IX_Sessions_OpenPerPerson). Thirty finished ones, each with a
        // later last activity than the open one, must not be taken for it.
        var personId = await _store.Db(db => db.People.Select(p => p.Id).SingleAsync());
        await _store.Db(async db =>
        {
            for (var i = 1; i <= 30; i++)
            {
                var at = TestStore.Start.AddDays(i);
                db.Sessions.Add(new Session
                {
                    Id = Guid.NewGuid(), PersonId = personId, SurveyId = "checkin", Version = 1, Channel = Channel.Sms,
                    Status = i % 2 == 0 ? SessionStatus.Completed : SessionStatus.Stopped, StateJson = "{}",
                    StartedAt = at, LastActivityAt = at, CompletedAt = i % 2 == 0 ? at : null,
                });
            }
            return await db.SaveChangesAsync();
        });
        var open = await _store.InScope(sp => sp.GetRequiredService<ConversationStore>().LoadAsync(Alex, CancellationToken.None));
        var paused = Session(_sessionId, TestStore.Start, 1, status: SessionStatus.AwaitingCarryOn) with { LastActivityAt = _store.Time.GetUtcNow() };
        Assert.Equal(SaveOutcome.Saved, await Turn("SM1", Result(paused)));
        var setAside = await _store.InScope(sp => sp.GetRequiredService<ConversationStore>().LoadAsync(Alex, CancellationToken.None));
        var closed = Session(_sessionId, TestStore.Start, 1, status: SessionStatus.Completed) with { LastActivityAt = _store.Time.GetUtcNow() };
        Assert.Equal(SaveOutcome.Saved, await Turn("SM2", Result(closed, new SessionCompleted(_sessionId))));
        var none = await _store.InScope(sp => sp.GetRequiredService<ConversationStore>().LoadAsync(Alex, CancellationToken.None));

        Assert.Equal((_sessionId, SessionStatus.Active), (open.State.Session?.Id, open.State.Session?.Status));
        Assert.Equal((_sessionId, SessionStatus.AwaitingCarryOn), (setAside.State.Session?.Id, setAside.State.Session?.Status));
        Assert.Null(none.State.Session);
    }

    public sealed class OnSqlite() : PreparedTurnTests(SqliteBackend.Instance)
    {
        /// <summary>
        /// SQLite makes a temporary B-tree (a pager and a page cache of its own, made and torn down
        /// again) for an ORDER BY it cannot take from an index, for an IN list used as an index key,
        /// and for an IN of one value: the load had three on every turn. It runs on every text.
        /// </summary>
        [Fact]
        public async Task TheLoadByPhone_IsPlannedWithNoTemporaryBTree()
        {
            var opcodes = await ExplainAsync(TurnStatements.For(await ModelAsync()).LoadByPhone);

            Assert.Contains("OpenRead", opcodes);
            Assert.DoesNotContain("OpenEphemeral", opcodes);
            Assert.DoesNotContain("SorterOpen", opcodes);
        }

        private Task<StoreDbContext> ModelAsync() =>
            Task.FromResult(((PreparedTurnTests)this)._store.Services.GetRequiredService<IDbContextFactory<StoreDbContext>>().CreateDbContext());

        private async Task<List<string>> ExplainAsync(string sql)
        {
            var connectionString = await ((PreparedTurnTests)this)._store.Db(db => Task.FromResult(db.Database.GetConnectionString()!));
            await using var connection = new Microsoft.Data.Sqlite.SqliteConnection(connectionString);
            await connection.OpenAsync();
            await using var command = connection.CreateCommand();
            command.CommandText = "EXPLAIN " + sql;
            foreach (var name in new[] { "@phone", "@hash", "@address" }) command.Parameters.AddWithValue(name, "x");
            var opcodes = new List<string>();
            await using var reader = await command.ExecuteReaderAsync();
            while (await reader.ReadAsync()) opcodes.Add(reader.GetString(1));
            return opcodes;
        }
    }

    [Collection(PostgresCollection.Name)]
    public sealed class OnPostgres(PostgresServer server) : PreparedTurnTests(server.DatabaseFor<OnPostgres>());
}
