using CoProduction.Store.Conversations;
using CoProduction.Store.Limits;
using CoProduction.Store.Outbox;
using CoProduction.Store.Setup;
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
/// Turns whose saves arrive together (StoreWriteGate.EnterTurnAsync): on SQLite they share one
/// commit, each in a savepoint of its own; on PostgreSQL (no gate) they run side by side. Either
/// way every turn's rows are committed when its save returns, a refused turn leaves the others
/// stored, and a retry or a second text from the same person finds the others' rows. The turns are
/// queued behind a holder of the gate, so that on SQLite they form batches when it lets go.
/// </summary>
public abstract class GroupCommitTests(IStoreBackend backend) : IAsyncLifetime
{
    private const int People = 12;
    private TestStore _store = null!;
    private readonly StoreFaults _faults = new();
    private readonly List<(ChannelAddress Address, Guid Session)> _people = [];

    /// <summary>
    /// On SQLite, every turn's save finds the thread pool with work queued (StoreWriteGate.WorkQueued), as on a
    /// busy core: no batch is committed by its last turn, but by the work item queued behind that work.
    /// </summary>
    protected virtual bool WorkAlwaysQueued => false;

    /// <summary>
    /// Each save is asked to leave the wait for its batch's commit to its caller (ConversationStore.CommitAwaitedAbove,
    /// as a text's webhook turn asks), which awaits ConversationStore.Committed before it looks, as SurveyBot does
    /// before the replies go.
    /// </summary>
    protected virtual bool CommitAwaitedAbove => false;

    // How many saves returned before their batch's commit (with CommitAwaitedAbove).
    private int _returnedBeforeCommit;

    public async Task InitializeAsync()
    {
        _store = await TestStore.CreateAsync(backend, interceptor: _faults);
        if (WorkAlwaysQueued) _store.Services.GetRequiredService<StoreWriteGate>().WorkQueued = static () => true;
        await _store.PublishAsync(SampleSurveys.Checkin());
        for (var i = 0; i < People; i++)
        {
            var address = new ChannelAddress(Channel.Sms, "+4477009002" + i.ToString("D2"));
            var session = Guid.NewGuid();
            await _store.InScope(sp => sp.GetRequiredService<ConversationStore>().SaveTurnAsync(address, "SM-start-" + i, null,
                Result(Session(session, TestStore.Start), new SessionStarted(session, "checkin", 1, "en", null)), ["intro"], CancellationToken.None));
            _people.Add((address, session));
        }
        _store.Time.Advance(TimeSpan.FromMinutes(2));
    }

    public async Task DisposeAsync() => await _store.DisposeAsync();

    private TurnResult Answering(Guid session, string raw, int questionIndex = 1) =>
        Result(Session(session, TestStore.Start, questionIndex) with { LastActivityAt = _store.Time.GetUtcNow() }, Answer(session, "happy", raw, raw));

    /// <summary>Load then save in one scope, as TurnPipeline does; then, as soon as the save returns, what another connection sees.</summary>
    private sealed record Seen(SaveOutcome Outcome, int AnswersSeen, IReadOnlyList<string>? Replies);

    private Task<Seen> Turn(ChannelAddress address, string messageId, Func<TurnResult> result, string reply, CancellationToken ct = default) =>
        _store.InScope(async sp =>
        {
            var store = sp.GetRequiredService<ConversationStore>();
            await store.LoadAsync(address, CancellationToken.None);
            store.CommitAwaitedAbove = CommitAwaitedAbove;
            var outcome = await store.SaveTurnAsync(address, messageId, "+447700900000", result(), [reply], ct);
            if (!store.Committed.IsCompleted) Interlocked.Increment(ref _returnedBeforeCommit);
            await store.Committed;
            var seen = await _store.Db(db => db.Answers.CountAsync(a => db.People.Any(p => p.Id == a.PersonId && p.Phone == address.Phone)));
            var replies = await _store.InScope(s => s.GetRequiredService<ConversationStore>().FindRepliesAsync(messageId, CancellationToken.None));
            return new Seen(outcome, seen, replies);
        });

    /// <summary>Starts the turns while the gate is held, so that they arrive at it together, then lets them in.</summary>
    private async Task<T[]> Together<T>(IEnumerable<Func<Task<T>>> turns)
    {
        var gate = _store.Services.GetRequiredService<StoreWriteGate>();
        Task<T[]> all;
        using (await gate.EnterAsync(default))
        {
            all = Task.WhenAll(turns.Select(turn => Task.Run(turn)));
            await _store.WaitUntilBlockedAsync(all);
        }
        return await all.WaitAsync(TimeSpan.FromSeconds(60));
    }

    [Fact]
    public async Task ManyPeoplesTurnsAtOnce_AreAllStored_EachCommittedWhenItsSaveReturns()
    {
        var outcomes = await Together(_people.Select((p, i) => (Func<Task<Seen>>)(() =>
            Turn(p.Address, "SM-many-" + i, () => Answering(p.Session, "4"), "Thanks " + i))));

        // Each save returned with its rows already visible to every other connection: its answer and its replies.
        Assert.All(outcomes.Select((o, i) => (o, i)), x =>
        {
            Assert.Equal((SaveOutcome.Saved, 1), (x.o.Outcome, x.o.AnswersSeen));
            Assert.Equal(["Thanks " + x.i], x.o.Replies!);
        });
        var (answers, inbound, revisions) = await _store.Db(async db => (
            await db.Answers.CountAsync(), await db.InboundMessages.CountAsync(m => m.MessageId.StartsWith("SM-many-")), await db.Sessions.SumAsync(s => s.Revision)));
        Assert.Equal((People, People, People), (answers, inbound, revisions));
    }

    [Fact]
    public async Task RefusedTurnsInABatch_LeaveTheOthersStored()
    {
        // Already answered once: the same message again is a duplicate, nothing stored twice.
        var (retried, retriedSession) = _people[0];
        Assert.Equal(SaveOutcome.Saved, (await Turn(retried, "SM-seen", () => Answering(retriedSession, "3"), "first")).Outcome);

        var outcomes = await Together(_people.Select((p, i) => (Func<Task<Seen>>)(() => i == 0
            ? Turn(p.Address, "SM-seen", () => Answering(p.Session, "3"), "again")
            : Turn(p.Address, "SM-mixed-" + i, () => Answering(p.Session, "5"), "ok " + i))));

        Assert.Equal((SaveOutcome.Duplicate, 1), (outcomes[0].Outcome, outcomes[0].AnswersSeen));
        Assert.Equal(["first"], outcomes[0].Replies!);
        Assert.All(outcomes.Skip(1), o => Assert.Equal(SaveOutcome.Saved, o.Outcome));
        var (answers, inbound) = await _store.Db(async db => (await db.Answers.CountAsync(), await db.InboundMessages.CountAsync(m => !m.MessageId.StartsWith("SM-start-"))));
        Assert.Equal((People, People), (answers, inbound));
    }

    [Fact]
    public async Task TwoTextsFromOnePersonAtOnce_AreBothStored_TheSecondOnTheFirstsState()
    {
        var (address, session) = _people[3];
        // As TurnPipeline: a turn whose save is refused as a conflict loads again and runs again.
        async Task<SaveOutcome> Text(string messageId, string raw)
        {
            for (var attempt = 1; ; attempt++)
            {
                var outcome = await _store.InScope(async sp =>
                {
                    var store = sp.GetRequiredService<ConversationStore>();
                    var record = await store.LoadAsync(address, CancellationToken.None);
                    var next = (record.State.Session?.QuestionIndex ?? 0) + 1;
                    return await store.SaveTurnAsync(address, messageId, "+447700900000", Answering(session, raw, next), [raw], CancellationToken.None);
                });
                if (outcome != SaveOutcome.Conflict || attempt == 3) return outcome;
            }
        }

        var outcomes = await Together([() => Text("SM-one", "one"), () => Text("SM-two", "two"), () => Turn(_people[4].Address, "SM-other", () => Answering(_people[4].Session, "2"), "other").ContinueWith(t => t.Result.Outcome)]);

        Assert.Equal([SaveOutcome.Saved, SaveOutcome.Saved, SaveOutcome.Saved], outcomes);
        var stored = await _store.Db(db => db.Sessions.AsNoTracking().SingleAsync(s => s.Id == session));
        var answers = await _store.Db(db => db.Answers.CountAsync(a => a.SessionId == session));
        // Two answers, two saves of the session one after the other: the second turn ran on the first's state.
        Assert.Equal((2, 2), (answers, stored.Revision));
        Assert.Contains("\"questionIndex\":2", stored.StateJson);
    }

    /// <summary>As <see cref="Together{T}"/>, <paramref name="first"/> at the gate before the others (it is let in first).</summary>
    private async Task<T[]> FirstThenTogether<T>(Func<Task<T>> first, IEnumerable<Func<Task<T>>> others)
    {
        var gate = _store.Services.GetRequiredService<StoreWriteGate>();
        Task<T> head;
        Task<T[]> rest;
        using (await gate.EnterAsync(default))
        {
            head = Task.Run(first);
            await _store.WaitUntilBlockedAsync(head);
            rest = Task.WhenAll(others.Select(turn => Task.Run(turn)));
            await _store.WaitUntilBlockedAsync(rest);
        }
        return [await head.WaitAsync(TimeSpan.FromSeconds(60)), .. await rest.WaitAsync(TimeSpan.FromSeconds(60))];
    }

    [Fact]
    public async Task TheFirstTurnOfABatchRefused_LeavesNothingOfItsOwn_AndTheTurnsAfterItAreStored()
    {
        // A message seen before, first at the gate: on SQLite it begins the batch's transaction and is
        // refused there (a duplicate), and the turns behind it are stored all the same.
        var (retried, retriedSession) = _people[0];
        Assert.Equal(SaveOutcome.Saved, (await Turn(retried, "SM-first-seen", () => Answering(retriedSession, "3"), "first")).Outcome);
        var duplicate = await FirstThenTogether(
            () => Turn(retried, "SM-first-seen", () => Answering(retriedSession, "3"), "again"),
            _people.Skip(1).Take(5).Select((p, i) => (Func<Task<Seen>>)(() => Turn(p.Address, "SM-after-dup-" + i, () => Answering(p.Session, "5"), "ok " + i))));

        Assert.Equal((SaveOutcome.Duplicate, 1), (duplicate[0].Outcome, duplicate[0].AnswersSeen));
        Assert.Equal(["first"], duplicate[0].Replies!);
        Assert.All(duplicate.Skip(1), o => Assert.Equal((SaveOutcome.Saved, 1), (o.Outcome, o.AnswersSeen)));

        // A text whose person moved on since it was loaded (another text of theirs saved meanwhile),
        // first at the gate: refused as a conflict after its message id was claimed, and the claim
        // goes with it (Twilio's retry of it is a new turn, not a duplicate); the others are stored.
        var (moved, movedSession) = _people[6];
        await using var scope = _store.Scope();
        var stale = scope.ServiceProvider.GetRequiredService<ConversationStore>();
        await stale.LoadAsync(moved, CancellationToken.None);
        Assert.Equal(SaveOutcome.Saved, (await Turn(moved, "SM-moved-on", () => Answering(movedSession, "2"), "moved")).Outcome);
        var conflict = await FirstThenTogether(
            async () => new Seen(await stale.SaveTurnAsync(moved, "SM-stale", "+447700900000", Answering(movedSession, "4"), ["stale"], CancellationToken.None), 0, null),
            _people.Skip(7).Select((p, i) => (Func<Task<Seen>>)(() => Turn(p.Address, "SM-after-stale-" + i, () => Answering(p.Session, "5"), "ok " + i))));

        Assert.Equal(SaveOutcome.Conflict, conflict[0].Outcome);
        Assert.All(conflict.Skip(1), o => Assert.Equal((SaveOutcome.Saved, 1), (o.Outcome, o.AnswersSeen)));
        var (claimed, movedAnswers) = await _store.Db(async db => (
            await db.InboundMessages.CountAsync(m => m.MessageId == "SM-stale"), await db.Answers.CountAsync(a => a.SessionId == movedSession)));
        Assert.Equal((0, 1), (claimed, movedAnswers));
        var retry = await Turn(moved, "SM-stale", () => Answering(movedSession, "4", 2), "stale");
        Assert.Equal((SaveOutcome.Saved, 2), (retry.Outcome, retry.AnswersSeen));
        Assert.Equal(People - 1, await _store.Db(db => db.Answers.CountAsync(a => a.SessionId != movedSession)));
    }

    [Fact]
    public async Task IdenticalTurnsAtOnce_AreStoredOnce_AndBothFindTheSameReplies()
    {
        var (address, session) = _people[5];

        var outcomes = await Together([
            () => Turn(address, "SM-twice", () => Answering(session, "4"), "Thanks"),
            () => Turn(address, "SM-twice", () => Answering(session, "4"), "Thanks"),
        ]);

        Assert.Equal([SaveOutcome.Saved, SaveOutcome.Duplicate], outcomes.Select(o => o.Outcome).Order());
        Assert.All(outcomes, o => Assert.Equal(["Thanks"], o.Replies!));
        var (answers, inbound) = await _store.Db(async db => (await db.Answers.CountAsync(a => a.SessionId == session), await db.InboundMessages.CountAsync(m => m.MessageId == "SM-twice")));
        Assert.Equal((1, 1), (answers, inbound));
    }

    [Fact]
    public async Task OtherWritersArrivingAmongTheTurns_AreStoredToo()
    {
        var minute = _store.Time.GetUtcNow();
        var work = new List<Func<Task<int>>>();
        for (var i = 0; i < People; i++)
        {
            var (address, session) = _people[i];
            var n = i;
            work.Add(async () => (await Turn(address, "SM-among-" + n, () => Answering(session, "4"), "ok")).Outcome == SaveOutcome.Saved ? 1 : 0);
            // The rate counter joins the batch (in a savepoint, as a turn); the outbox, through EF on another connection, cannot.
            work.Add(() => _store.Services.GetRequiredService<RateCounters>().IncrementAsync("chat:among", minute, default));
            work.Add(() => _store.InScope(async sp => { await sp.GetRequiredService<OutboxLog>().AddAsync(address.Phone!, Channel.Sms, "text " + n); return 1; }));
        }

        await Together(work);

        var (answers, counted, texts) = await _store.Db(async db => (
            await db.Answers.CountAsync(), await db.RateCounters.Where(c => c.Key == "chat:among").SumAsync(c => c.Count), await db.OutboxMessages.CountAsync()));
        Assert.Equal((People, People, People), (answers, counted, texts));
    }

    [Fact]
    public async Task ChatStartsAndTokenCountsAmongTheTurns_AreEachCommittedWhenTheyReturn_AndAStartOverTheLimitKeepsNothing()
    {
        // A web chat's start (counted in its own write) and a chat token's count share the turns' commit on SQLite:
        // each must still return only once its rows are committed, and a start refused for the limit must leave
        // neither its count nor a conversation, while the turns and starts around it in the same batch are kept.
        var minute = _store.Time.GetUtcNow();
        var expires = minute + TimeSpan.FromHours(1);
        const int Permits = People / 2;
        var work = new List<Func<Task<string>>>();
        for (var i = 0; i < People; i++)
        {
            var (address, session) = _people[i];
            var n = i;
            work.Add(async () => (await Turn(address, "SM-chat-" + n, () => Answering(session, "4"), "ok")).Outcome.ToString());
            work.Add(async () =>
            {
                var (conversation, isNew, _) = await _store.Services.GetRequiredService<WebChatHistory>().StartAsync(
                    "dl_among_" + n, "dl_visitor_" + n, null, minute, expires, new StartCount("chat:starts", minute, Permits), default);
                if (conversation is null) return "refused";
                // Seen by another connection as soon as the start returns: committed, not merely in an open batch.
                var stored = await _store.Db(db => db.WebChatConversations.CountAsync(c => c.Id == "dl_among_" + n));
                return isNew && stored == 1 ? "started" : $"started, but {stored} stored";
            });
            work.Add(async () =>
            {
                var count = await _store.Services.GetRequiredService<RateCounters>().IncrementAsync("chat:tokens", minute, default);
                var stored = await _store.Db(db => db.RateCounters.Where(c => c.Key == "chat:tokens").SumAsync(c => c.Count));
                return stored >= count ? "counted" : $"counted {count}, but {stored} stored";
            });
        }

        var outcomes = await Together(work);

        Assert.Equal(People, outcomes.Count(o => o == "Saved"));
        Assert.Equal((Permits, People - Permits), (outcomes.Count(o => o == "started"), outcomes.Count(o => o == "refused")));
        Assert.Equal(People, outcomes.Count(o => o == "counted"));
        var (answers, conversations, starts, tokens) = await _store.Db(async db => (
            await db.Answers.CountAsync(), await db.WebChatConversations.CountAsync(c => c.Id.StartsWith("dl_among_")),
            await db.RateCounters.Where(c => c.Key == "chat:starts").SumAsync(c => c.Count),
            await db.RateCounters.Where(c => c.Key == "chat:tokens").SumAsync(c => c.Count)));
        // The refused starts' counts went back with them: the count stands at the limit, as before.
        Assert.Equal((People, Permits, Permits, People), (answers, conversations, starts, tokens));
    }

    /// <summary>What a turn's save threw, or null when it returned.</summary>
    private static async Task<Exception?> Failure(Func<Task> turn)
    {
        try
        {
            await turn();
            return null;
        }
        catch (Exception e)
        {
            return e;
        }
    }

    private Task<(int Answers, int Inbound, int Revisions)> Stored(string prefix) => _store.Db(async db => (
        await db.Answers.CountAsync(), await db.InboundMessages.CountAsync(m => m.MessageId.StartsWith(prefix)), await db.Sessions.SumAsync(s => s.Revision)));

    [Fact]
    public async Task ACommitThatFails_FailsEveryTurnOfItsBatch_StoresNoneOfThem_AndTheirRetriesAreStoredOnceSpaceIsBack()
    {
        await _faults.FailCommitsAsync(_store);

        // One turn alone first: how a failed commit fails a turn.
        var alone = await Failure(() => Turn(_people[0].Address, "SM-full-0", () => Answering(_people[0].Session, "4"), "Thanks 0"));
        Assert.NotNull(alone);
        // Then the others together: on SQLite they share the commit that fails.
        var failures = await Together(_people.Skip(1).Select((p, i) => (Func<Task<Exception?>>)(() =>
            Failure(() => Turn(p.Address, "SM-full-" + (i + 1), () => Answering(p.Session, "4"), "Thanks " + (i + 1))))));

        Assert.All(failures, f => Assert.Equal((alone.GetType(), alone.Message), (f?.GetType(), f?.Message)));
        // Nothing of any of them: no answer, no message marked as seen, no session moved on.
        Assert.Equal((0, 0, 0), await Stored("SM-full-"));

        // Space is back: Twilio sends the same messages again, and each is stored as new, once.
        await _faults.HealAsync(_store);
        var retried = await Together(_people.Select((p, i) => (Func<Task<Seen>>)(() =>
            Turn(p.Address, "SM-full-" + i, () => Answering(p.Session, "4"), "Thanks " + i))));

        Assert.All(retried.Select((o, i) => (o, i)), x =>
        {
            Assert.Equal((SaveOutcome.Saved, 1), (x.o.Outcome, x.o.AnswersSeen));
            Assert.Equal(["Thanks " + x.i], x.o.Replies!);
        });
        Assert.Equal((People, People, People), await Stored("SM-full-"));
    }

    [Fact]
    public async Task ATurnCancelledWhileItsBatchIsOpen_StoresNothing_AndTheOthersAreStored()
    {
        const int gone = 5;
        using var client = new CancellationTokenSource();
        // The person's phone company gives up on the request in the middle of the turn's writes.
        _faults.CancelAtFirstWrite(client);

        var outcomes = await Together(_people.Select((p, i) => (Func<Task<(Seen? Seen, Exception? Failure)>>)(async () =>
        {
            try
            {
                return (await Turn(p.Address, "SM-gone-" + i, () => Answering(p.Session, "4"), "ok " + i, i == gone ? client.Token : default), null);
            }
            catch (Exception e)
            {
                return (null, e);
            }
        })));

        Assert.IsAssignableFrom<OperationCanceledException>(outcomes[gone].Failure);
        Assert.All(outcomes.Where((_, i) => i != gone), o => Assert.Equal((SaveOutcome.Saved, 1, (Exception?)null), (o.Seen!.Outcome, o.Seen.AnswersSeen, o.Failure)));
        Assert.Equal((People - 1, People - 1, People - 1), await Stored("SM-gone-"));

        // Sent again, it is stored as new; the store and the gate go on as before.
        var again = await Turn(_people[gone].Address, "SM-gone-" + gone, () => Answering(_people[gone].Session, "4"), "ok " + gone);
        Assert.Equal((SaveOutcome.Saved, 1), (again.Outcome, again.AnswersSeen));
        Assert.Equal((People, People, People), await Stored("SM-gone-"));
    }

    public sealed class OnSqlite() : GroupCommitTests(SqliteBackend.Instance)
    {
        private static async Task WaitingAtTheGate(StoreWriteGate gate, int waiting, Task work)
        {
            var deadline = DateTime.UtcNow.AddSeconds(30);
            while (gate.Waiting < waiting)
            {
                if (work.IsCompleted) await work;
                if (DateTime.UtcNow > deadline) throw new TimeoutException("The writer never reached the gate.");
                await Task.Delay(10);
            }
        }

        [Fact]
        public async Task AWriterThatGivesUpWhenABatchIsHandedOnToIt_CommitsTheBatch_AndTheBatchsTurnIsAnswered()
        {
            // The gate's holder sees a writer waiting and leaves its batch open for it; that writer's
            // caller goes away before the gate is handed on. No one else comes: nobody would commit the batch.
            var gate = _store.Services.GetRequiredService<StoreWriteGate>();
            var (address, session) = _people[0];
            using var client = new CancellationTokenSource();
            Task waiter = null!;
            var handedOn = 0;
            // However slowly this machine writes the turn, its batch is young enough to be handed on.
            gate.BatchAge = TimeSpan.FromMinutes(10);
            gate.HandingOn = () =>
            {
                handedOn++;
                client.Cancel();
                // The writer has left the gate's queue once it no longer counts as waiting (a cancelled wait
                // still in the queue would be handed the gate as if never cancelled); then it gets as far as it
                // can while the holder still holds the gate.
                Assert.True(SpinWait.SpinUntil(() => gate.Waiting == 0, TimeSpan.FromSeconds(30)));
                waiter.ContinueWith(_ => { }).Wait(TimeSpan.FromMilliseconds(300));
            };
            Task<Seen> turn;
            using (await gate.EnterAsync(default))
            {
                turn = Task.Run(() => Turn(address, "SM-handed-0", () => Answering(session, "4"), "Thanks 0"));
                // The turn first, then the writer behind it (the gate lets them in in the order they came).
                await WaitingAtTheGate(gate, 1, turn);
                waiter = Task.Run(async () => { using (await gate.EnterAsync(client.Token)) { } });
                await WaitingAtTheGate(gate, 2, waiter);
            }

            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => waiter);
            // The writer that gave up committed the batch before it returned: the turn's answer is already stored.
            Assert.Equal(1, handedOn);
            Assert.Equal((1, 1), await _store.Db(async db => (
                await db.Answers.CountAsync(), await db.InboundMessages.CountAsync(m => m.MessageId == "SM-handed-0"))));
            var seen = await turn.WaitAsync(TimeSpan.FromSeconds(60));
            Assert.Equal((SaveOutcome.Saved, 1), (seen.Outcome, seen.AnswersSeen));
            Assert.Equal(["Thanks 0"], seen.Replies!);

            // The gate goes on as before.
            gate.HandingOn = null;
            gate.BatchAge = StoreWriteGate.MaxBatchAge;
            var next = await Turn(_people[1].Address, "SM-handed-1", () => Answering(_people[1].Session, "4"), "Thanks 1");
            Assert.Equal((SaveOutcome.Saved, 1), (next.Outcome, next.AnswersSeen));
        }
    }

    /// <summary>Every rule above, with each batch left open for the work the pool has queued and committed behind it.</summary>
    public sealed class OnSqliteWithWorkQueued() : GroupCommitTests(SqliteBackend.Instance)
    {
        protected override bool WorkAlwaysQueued => true;

        [Fact]
        public async Task OnePersonsTurnAlone_LeftOpenForWorkThatIsNoTurn_IsCommittedBehindIt_AndAnsweredOnlyThen()
        {
            // Nobody else texts: the work the pool had queued was not a turn. The batch of one is committed by
            // the work item queued behind it, and the save returns with the answer and replies committed.
            var (address, session) = _people[5];
            var seen = await Turn(address, "SM-alone", () => Answering(session, "4"), "Thanks").WaitAsync(TimeSpan.FromSeconds(60));
            Assert.Equal((SaveOutcome.Saved, 1), (seen.Outcome, seen.AnswersSeen));
            Assert.Equal(["Thanks"], seen.Replies!);

            // One after another, each is committed before its save returns.
            for (var i = 0; i < 5; i++)
            {
                var next = await Turn(_people[i].Address, "SM-alone-" + i, () => Answering(_people[i].Session, "3"), "ok " + i).WaitAsync(TimeSpan.FromSeconds(60));
                Assert.Equal((SaveOutcome.Saved, 1), (next.Outcome, next.AnswersSeen));
            }
        }
    }

    /// <summary>
    /// Every rule above, with batches left open for queued work and each save leaving the wait for its
    /// commit to its caller: a turn's rows are seen, and a failed commit fails it, once the caller has awaited it.
    /// </summary>
    public sealed class OnSqliteWithCommitAwaitedAbove() : GroupCommitTests(SqliteBackend.Instance)
    {
        protected override bool WorkAlwaysQueued => true;
        protected override bool CommitAwaitedAbove => true;

        [Fact]
        public async Task ManyPeoplesTurnsAtOnce_ReturnBeforeTheirBatchsCommit_AndAreStoredWhenItIsAwaited()
        {
            var outcomes = await Together(_people.Select((p, i) => (Func<Task<Seen>>)(() =>
                Turn(p.Address, "SM-above-" + i, () => Answering(p.Session, "4"), "Thanks " + i))));

            // Turns returned with their batch's commit still to come, and each, once its
            // caller had awaited it, was seen by every other connection: its answer and its replies.
            Assert.InRange(_returnedBeforeCommit, 1, People);
            Assert.All(outcomes.Select((o, i) => (o, i)), x =>
            {
                Assert.Equal((SaveOutcome.Saved, 1), (x.o.Outcome, x.o.AnswersSeen));
                Assert.Equal(["Thanks " + x.i], x.o.Replies!);
            });
            Assert.Equal((People, People, People), await Stored("SM-above-"));
        }
    }

    [Collection(PostgresCollection.Name)]
    public sealed class OnPostgres(PostgresServer server) : GroupCommitTests(server.DatabaseFor<OnPostgres>());
}
