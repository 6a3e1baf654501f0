using CoProduction.Store.Conversations;
using CoProduction.Store.OptOuts;
using CoProduction.Store.Tests.Postgres;
using CoProduction.Store.Tests.TestSupport;
using CoProduction.Surveys.Definitions;
using CoProduction.Surveys.Engine;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using static CoProduction.Store.Tests.TestSupport.Turns;

namespace CoProduction.Store.Tests.Conversations;

/// <summary>Runs on SQLite and on PostgreSQL: see the nested <see cref="OnSqlite"/> and <see cref="OnPostgres"/>.</summary>
public abstract class ConversationStoreTests(IStoreBackend backend) : IAsyncLifetime
{
    private static readonly ChannelAddress Alex = new(Channel.Sms, "+447700900123");
    private TestStore _store = null!;

    public async Task InitializeAsync()
    {
        _store = await TestStore.CreateAsync(backend);
        await _store.PublishAsync(SampleSurveys.Checkin());
    }

    public async Task DisposeAsync() => await _store.DisposeAsync();

    private Task<SaveOutcome> Save(ChannelAddress address, string? messageId, TurnResult result, params string[] replies) =>
        _store.InScope(sp => sp.GetRequiredService<ConversationStore>()
            .SaveTurnAsync(address, messageId, "+447700900000", result, replies, CancellationToken.None));

    private Task<ConversationRecord> Load(ChannelAddress address) =>
        _store.InScope(sp => sp.GetRequiredService<ConversationStore>().LoadAsync(address, CancellationToken.None));

    private static TurnResult StartAndAnswerFirst(Guid sessionId, DateTimeOffset at) =>
        Result(
            Session(sessionId, at, questionIndex: 1, values: new Dictionary<string, string?> { ["happy"] = "4" }),
            new SessionStarted(sessionId, "checkin", 1, "en", null),
            Answer(sessionId, "happy", "four", "4"));

    [Fact]
    public async Task SaveTurnAsync_WritesAnswerSessionStateAndInboundIdTogether()
    {
        var sessionId = Guid.NewGuid();

        var outcome = await Save(Alex, "SM1", StartAndAnswerFirst(sessionId, TestStore.Start), "Thanks. Do you feel safe at home?");

        Assert.Equal(SaveOutcome.Saved, outcome);
        var (person, session, answer, inbound) = await _store.Db(async db => (
            await db.People.SingleAsync(),
            await db.Sessions.SingleAsync(),
            await db.Answers.SingleAsync(),
            await db.InboundMessages.SingleAsync()));
        Assert.Equal("+447700900123", person.Phone);
        Assert.Equal(person.Id, session.PersonId);
        Assert.Equal(SessionStatus.Active, session.Status);
        Assert.Contains("\"questionIndex\":1", session.StateJson);
        Assert.Equal(("happy", "four", "4", AnswerStatus.Answered, Channel.Sms, person.Id),
            (answer.QuestionId, answer.Raw, answer.Value, answer.Status, answer.Channel, answer.PersonId));
        Assert.Equal("SM1", inbound.MessageId);
        Assert.Equal(["Thanks. Do you feel safe at home?"],
            await _store.InScope(sp => sp.GetRequiredService<ConversationStore>().FindRepliesAsync("SM1", CancellationToken.None)));
    }

    [Fact]
    public async Task FindRepliesAsync_ReturnsNull_ForAMessageNeverSeen()
    {
        Assert.Null(await _store.InScope(sp => sp.GetRequiredService<ConversationStore>().FindRepliesAsync("SM-never", CancellationToken.None)));
    }

    [Fact]
    public async Task SaveTurnAsync_ReturnsDuplicateAndRecordsNothingTwice_WhenTheInboundIdWasSeenBefore()
    {
        var first = await Save(Alex, "SM1", StartAndAnswerFirst(Guid.NewGuid(), TestStore.Start), "first reply");
        var second = await Save(Alex, "SM1", StartAndAnswerFirst(Guid.NewGuid(), TestStore.Start), "second reply");

        Assert.Equal((SaveOutcome.Saved, SaveOutcome.Duplicate), (first, second));
        Assert.Equal((1, 1, 1), await _store.Db(async db => (await db.Sessions.CountAsync(), await db.Answers.CountAsync(), await db.People.CountAsync())));
        Assert.Equal(["first reply"],
            await _store.InScope(sp => sp.GetRequiredService<ConversationStore>().FindRepliesAsync("SM1", CancellationToken.None)));
    }

    [Fact]
    public async Task SaveTurnAsync_ReturnsDuplicate_ForARetryOfAMessageThatStartedASurvey_EvenThoughTheRetryWouldStartOneToo()
    {
        // The retry's own rows would break the one-open-survey rule as well: the message id is
        // claimed first, so the answer is "seen before", not a conflict to run again.
        var sessionId = Guid.NewGuid();
        var first = await Save(Alex, "SM1", Result(Session(sessionId, TestStore.Start), new SessionStarted(sessionId, "checkin", 1, "en", null)), "intro");
        var again = Guid.NewGuid();
        var retry = await Save(Alex, "SM1", Result(Session(again, TestStore.Start), new SessionStarted(again, "checkin", 1, "en", null)), "intro");

        Assert.Equal((SaveOutcome.Saved, SaveOutcome.Duplicate), (first, retry));
        Assert.Equal(sessionId, await _store.Db(db => db.Sessions.Select(s => s.Id).SingleAsync()));
    }

    [Fact]
    public async Task SaveTurnAsync_RefusesAMessageIdLongerThanItsColumn_AndRecordsNothing()
    {
        await Assert.ThrowsAsync<StoredValueException>(() => Save(Alex, new string('S', 65), StartAndAnswerFirst(Guid.NewGuid(), TestStore.Start)));

        Assert.Equal((0, 0), await _store.Db(async db => (await db.People.CountAsync(), await db.InboundMessages.CountAsync())));
    }

    [Fact]
    public async Task SaveTurnAsync_LetsExactlyOneOfTwoConcurrentSavesOfOneIdWin()
    {
        for (var round = 0; round < 5; round++)
        {
            var messageId = $"SM-race-{round}";
            // A phone per round: each round starts a survey, and a person has one open at a time.
            var phone = new ChannelAddress(Channel.Sms, $"+44770090061{round}");
            using var go = new ManualResetEventSlim();
            var racers = Enumerable.Range(0, 2).Select(_ => Task.Run(async () =>
            {
                go.Wait();
                return await Save(phone, messageId, StartAndAnswerFirst(Guid.NewGuid(), TestStore.Start));
            })).ToArray();
            go.Set();
            var outcomes = await Task.WhenAll(racers);

            Assert.Equal([SaveOutcome.Saved, SaveOutcome.Duplicate], outcomes.Order());
        }
        Assert.Equal((5, 5), await _store.Db(async db => (await db.Sessions.CountAsync(), await db.Answers.CountAsync())));
    }

    [Fact]
    public async Task SaveTurnAsync_LeavesNothingWritten_WhenTheTurnFailsHalfway()
    {
        var sessionId = Guid.NewGuid();
        var broken = Result(
            Session(sessionId, TestStore.Start),
            new SessionStarted(sessionId, "checkin", 1, "en", null),
            Answer(sessionId, "happy", "4", "4"),
            new SessionCompleted(Guid.NewGuid())); // a session that does not exist: a bug mid-turn

        await Assert.ThrowsAsync<InvalidOperationException>(() => Save(Alex, "SM1", broken));

        Assert.Equal((0, 0, 0, 0), await _store.Db(async db => (
            await db.People.CountAsync(), await db.Sessions.CountAsync(), await db.Answers.CountAsync(), await db.InboundMessages.CountAsync())));
        // The message id was not kept either, so Twilio's retry is handled as new.
        Assert.Equal(SaveOutcome.Saved, await Save(Alex, "SM1", StartAndAnswerFirst(Guid.NewGuid(), TestStore.Start)));
    }

    [Fact]
    public async Task SaveTurnAsync_KeepsTheStoreUsable_AfterAFailedTurnInTheSameScope()
    {
        await using var scope = _store.Scope();
        var conversations = scope.ServiceProvider.GetRequiredService<ConversationStore>();
        var broken = Result(null, new SessionCompleted(Guid.NewGuid()));

        await Assert.ThrowsAsync<InvalidOperationException>(() =>
            conversations.SaveTurnAsync(Alex, "SM1", null, broken, [], CancellationToken.None));
        var outcome = await conversations.SaveTurnAsync(Alex, "SM2", null, StartAndAnswerFirst(Guid.NewGuid(), TestStore.Start), [], CancellationToken.None);

        Assert.Equal(SaveOutcome.Saved, outcome);
        Assert.Equal(1, await _store.Db(db => db.Answers.CountAsync()));
    }

    [Fact]
    public async Task OptingOutThenIn_IsRecordedWithOurNumberAndEndsWithStart()
    {
        await Save(Alex, "SM1", Result(null, new OptedOut("STOP")));
        var optedOutAt = _store.Time.GetUtcNow();
        var whileOut = await Load(Alex);
        var senderSawOut = await _store.Db(db => OptOutRegister.IsOptedOutAsync(db, Alex.Id, null, CancellationToken.None));

        _store.Time.Advance(TimeSpan.FromDays(3));
        await Save(Alex, "SM2", Result(null, new OptedIn("START")));
        var afterStart = await Load(Alex);
        var senderSawIn = await _store.Db(db => OptOutRegister.IsOptedOutAsync(db, Alex.Id, null, CancellationToken.None));

        Assert.True(whileOut.State.OptedOut);
        Assert.True(senderSawOut);
        Assert.False(afterStart.State.OptedOut);
        Assert.False(senderSawIn);
        var optOut = await _store.Db(db => db.OptOuts.SingleAsync());
        Assert.Equal(("+447700900123", "+447700900000", "STOP", optedOutAt), (optOut.Phone, optOut.OurNumber, optOut.Keyword, optOut.At));
        Assert.Equal((TestStore.Start.AddDays(3), "START"), (optOut.EndedAt, optOut.EndedKeyword));
    }

    [Fact]
    public async Task OptedOut_RecordsTheStandardKeyword_EvenWhenGivenThePersonsOwnLongWords()
    {
        // The bug this guards: the reply itself went into a 32-character column, which PostgreSQL
        // refused ("Sorry, something went wrong", and no opt-out recorded).
        var outcome = await Save(Alex, "SM1", Result(null, new OptedOut("Please stop texting me now, thank you very much, I really mean it.")));

        Assert.Equal(SaveOutcome.Saved, outcome);
        Assert.Equal("STOP", await _store.Db(db => db.OptOuts.Select(o => o.Keyword).SingleAsync()));
        Assert.True((await Load(Alex)).State.OptedOut);
    }

    [Fact]
    public async Task OptedIn_IsRefused_OnACall()
    {
        await Save(Alex, "SM1", Result(null, new OptedOut("STOP")));
        var caller = new ChannelAddress(Channel.Voice, Alex.Id);

        await Assert.ThrowsAsync<InvalidOperationException>(() => Save(caller, "CA1", Result(null, new OptedIn("START"))));

        Assert.True((await Load(Alex)).State.OptedOut);
    }

    [Fact]
    public async Task Load_SaysWhetherWeHoldAPhone_SoOnlyAChatVisitorWithoutOneCanStartInChat()
    {
        var visitor = new ChannelAddress(Channel.Web, "web-visitor-1");

        Assert.True((await Load(Alex)).State.PhoneOnRecord);
        Assert.False((await Load(visitor)).State.PhoneOnRecord);
    }

    [Fact]
    public async Task LoadAsync_ReturnsTheOpenSessionStateRoundTripped()
    {
        var sessionId = Guid.NewGuid();
        var saved = Session(sessionId, TestStore.Start, questionIndex: 2, status: SessionStatus.AwaitingCarryOn,
            values: new Dictionary<string, string?> { ["happy"] = "4", ["safe"] = null }) with
        {
            Unclear = 1,
            EasyRead = true,
            Language = "cy",
            InvitationId = Guid.NewGuid(),
            LastActivityAt = TestStore.Start.AddMinutes(5),
        };
        await Save(Alex, "SM1", new TurnResult(
            new ConversationState { Language = "cy", EasyRead = true, Session = saved }, [],
            [new SessionStarted(sessionId, "checkin", 1, "cy", saved.InvitationId), new LanguageChanged("cy")]));

        var loaded = await Load(Alex);

        Assert.NotNull(loaded.PersonId);
        Assert.Equal(("cy", true, false), (loaded.State.Language, loaded.State.EasyRead, loaded.State.OptedOut));
        var state = Assert.IsType<SessionState>(loaded.State.Session);
        Assert.Equal(saved with { Values = state.Values }, state);
        Assert.Equal(saved.Values.OrderBy(kv => kv.Key), state.Values.OrderBy(kv => kv.Key));
    }

    [Fact]
    public async Task LoadAsync_ReturnsNoSession_OnceTheSessionCompleted()
    {
        var sessionId = Guid.NewGuid();
        await Save(Alex, "SM1", StartAndAnswerFirst(sessionId, TestStore.Start));
        await Save(Alex, "SM2", Result(
            Session(sessionId, TestStore.Start, questionIndex: 4, status: SessionStatus.Completed),
            Answer(sessionId, "safe", "yes", "yes"),
            new SessionCompleted(sessionId)));

        var loaded = await Load(Alex);

        Assert.Null(loaded.State.Session);
        var session = await _store.Db(db => db.Sessions.SingleAsync());
        Assert.Equal((SessionStatus.Completed, TestStore.Start), (session.Status, session.CompletedAt));
    }

    [Fact]
    public async Task LoadAsync_CreatesNobody_ForSomeoneWeHaveNotSavedATurnFor()
    {
        var loaded = await Load(new ChannelAddress(Channel.Web, "web-user-1"));

        Assert.True(loaded.IsNewPerson);
        Assert.Null(loaded.State.Session);
        Assert.Equal(0, await _store.Db(db => db.People.CountAsync()));
    }

    [Fact]
    public async Task SaveTurnAsync_CreatesAWebPersonByTheirWebUserId()
    {
        var web = new ChannelAddress(Channel.Web, "web-user-1");

        await Save(web, null, StartAndAnswerFirst(Guid.NewGuid(), TestStore.Start));

        var person = await _store.Db(db => db.People.SingleAsync());
        Assert.Equal(("web-user-1", (string?)null), (person.WebUserId, person.Phone));
        Assert.Equal(Channel.Web, await _store.Db(db => db.Answers.Select(a => a.Channel).SingleAsync()));
        Assert.Equal(person.Id, (await Load(web)).PersonId);
    }

    [Fact]
    public async Task SaveTurnAsync_ReturnsConflictAndWritesNothing_WhenAnotherTurnSavedTheSessionSinceItWasLoaded()
    {
        var sessionId = Guid.NewGuid();
        await Save(Alex, "SM1", StartAndAnswerFirst(sessionId, TestStore.Start));

        await using var slow = _store.Scope();
        var slowStore = slow.ServiceProvider.GetRequiredService<ConversationStore>();
        await slowStore.LoadAsync(Alex, CancellationToken.None);

        // A second text overtakes the first: it loads and saves while the first is still thinking.
        await using (var fast = _store.Scope())
        {
            var fastStore = fast.ServiceProvider.GetRequiredService<ConversationStore>();
            await fastStore.LoadAsync(Alex, CancellationToken.None);
            Assert.Equal(SaveOutcome.Saved, await fastStore.SaveTurnAsync(Alex, "SM3", null,
                Result(Session(sessionId, TestStore.Start, questionIndex: 2), Answer(sessionId, "safe", "yes", "yes")), [], CancellationToken.None));
        }

        var outcome = await slowStore.SaveTurnAsync(Alex, "SM2", null,
            Result(Session(sessionId, TestStore.Start, questionIndex: 2), Answer(sessionId, "safe", "no", "no")), [], CancellationToken.None);

        Assert.Equal(SaveOutcome.Conflict, outcome);
        Assert.Equal(["yes"], await _store.Db(db => db.Answers.Where(a => a.QuestionId == "safe").Select(a => a.Value).ToListAsync()));
        Assert.Null(await _store.InScope(sp => sp.GetRequiredService<ConversationStore>().FindRepliesAsync("SM2", CancellationToken.None)));
    }

    /// <summary>
    /// The race the store's author reported: two different texts from a phone we have never
    /// seen, saved at the same moment. On PostgreSQL both turns find nobody and both add the
    /// person; the unique phone index refuses the second. That turn must come back as Conflict
    /// (the bot runs it again on the fresh state), never as an exception.
    /// </summary>
    [Fact]
    public async Task SaveTurnAsync_NeverThrows_WhenTwoDifferentMessagesFromANewPhoneArriveAtOnce()
    {
        var outcomes = new List<SaveOutcome>();
        for (var round = 0; round < 5; round++)
        {
            var phone = new ChannelAddress(Channel.Sms, $"+44770090050{round}");
            using var go = new ManualResetEventSlim();
            var racers = Enumerable.Range(0, 2).Select(i => Task.Run(async () =>
            {
                go.Wait();
                return await SaveAsTheBotDoes(phone, $"SM-new-{round}-{i}");
            })).ToArray();
            go.Set();
            foreach (var seen in await Task.WhenAll(racers)) outcomes.AddRange(seen);
        }

        Assert.All(outcomes, o => Assert.Contains(o, new[] { SaveOutcome.Saved, SaveOutcome.Conflict }));
        Assert.Equal((5, 10), await _store.Db(async db => (await db.People.CountAsync(), await db.InboundMessages.CountAsync())));
    }

    /// <summary>
    /// The same race made certain: another turn adds the person, and commits only once this turn
    /// has looked for them (found nobody) and tried to add them too.
    /// </summary>
    [Fact]
    public async Task SaveTurnAsync_ReturnsConflict_WhenAnotherTurnAddedTheSameNewPersonMeanwhile()
    {
        await using var other = _store.Scope();
        var otherDb = other.ServiceProvider.GetRequiredService<StoreDbContext>();
        await using var otherTurn = await otherDb.Database.BeginTransactionAsync();
        var theirs = new CoProduction.Store.Model.Person { Id = Guid.NewGuid(), Phone = Alex.Phone, CreatedAt = TestStore.Start, UpdatedAt = TestStore.Start };
        otherDb.People.Add(theirs);
        await otherDb.SaveChangesAsync();

        var ours = Task.Run(() => Save(Alex, "SM1", Result(null, new LanguageChanged("cy"))));
        await _store.WaitUntilBlockedAsync(ours);
        await otherTurn.CommitAsync();
        var first = await ours;
        // What the bot does on Conflict: load again and run the turn again.
        var again = first == SaveOutcome.Conflict ? await Save(Alex, "SM1", Result(null, new LanguageChanged("cy"))) : first;

        // SQLite lets one writer in at a time, so there our turn waits and then finds the person;
        // PostgreSQL lets both write and the unique phone index decides.
        Assert.Equal(_store.Backend.ConcurrentWriters ? SaveOutcome.Conflict : SaveOutcome.Saved, first);
        Assert.Equal(SaveOutcome.Saved, again);
        var person = await _store.Db(db => db.People.SingleAsync());
        // Our turn was recorded on their person (who had no language yet).
        Assert.Equal((theirs.Id, "en"), (person.Id, person.Language));
        Assert.Equal(1, await _store.Db(db => db.InboundMessages.CountAsync()));
    }

    /// <summary>
    /// Twenty first texts at once from a phone we have never seen, each turn deciding as the
    /// engine does (no open survey: start one; else answer in it), and run again on Conflict until
    /// it is recorded. The database keeps one person for the phone and one open survey for them,
    /// whatever the interleaving; every message is recorded once.
    /// </summary>
    [Fact]
    public async Task TwentyFirstTextsAtOnce_FromANewPhone_LeaveOnePersonAndOneOpenSession()
    {
        var phone = new ChannelAddress(Channel.Sms, "+447700900777");
        using var go = new ManualResetEventSlim();
        var racers = Enumerable.Range(0, 20).Select(i => Task.Run(async () =>
        {
            go.Wait();
            for (var attempt = 1; attempt <= 40; attempt++)
            {
                var outcome = await _store.InScope(async sp =>
                {
                    var store = sp.GetRequiredService<ConversationStore>();
                    var record = await store.LoadAsync(phone, CancellationToken.None);
                    return await store.SaveTurnAsync(phone, $"SM-first-{i}", null, StartOrAnswer(record), [], CancellationToken.None);
                });
                if (outcome != SaveOutcome.Conflict) return outcome;
            }
            return SaveOutcome.Conflict;
        })).ToArray();
        go.Set();
        var outcomes = await Task.WhenAll(racers);

        Assert.All(outcomes, o => Assert.Equal(SaveOutcome.Saved, o));
        var (people, open, inbound) = await _store.Db(async db => (
            await db.People.CountAsync(p => p.Phone == phone.Phone),
            await db.Sessions.CountAsync(s => s.Status == SessionStatus.Active || s.Status == SessionStatus.AwaitingCarryOn),
            await db.InboundMessages.CountAsync()));
        Assert.Equal((1, 1, 20), (people, open, inbound));
    }

    /// <summary>
    /// The same race made certain: both turns found no open survey for the person; the other
    /// started one and saved first. Ours must come back as Conflict (run again on the fresh
    /// state), never as a second open survey and never as an exception.
    /// </summary>
    [Fact]
    public async Task SaveTurnAsync_ReturnsConflict_WhenAnotherTurnStartedASurveyForThePersonMeanwhile()
    {
        await Save(Alex, "SM0", Result(null, new LanguageChanged("en")));
        await using var slow = _store.Scope();
        var slowStore = slow.ServiceProvider.GetRequiredService<ConversationStore>();
        var seen = await slowStore.LoadAsync(Alex, CancellationToken.None);

        var theirs = Guid.NewGuid();
        Assert.Equal(SaveOutcome.Saved, await Save(Alex, "SM1", StartAndAnswerFirst(theirs, TestStore.Start)));
        var outcome = await slowStore.SaveTurnAsync(Alex, "SM2", null, StartOrAnswer(seen), [], CancellationToken.None);

        Assert.Equal(SaveOutcome.Conflict, outcome);
        Assert.Equal([theirs], await _store.Db(db => db.Sessions.Select(s => s.Id).ToListAsync()));
        Assert.Null(await _store.InScope(sp => sp.GetRequiredService<ConversationStore>().FindRepliesAsync("SM2", CancellationToken.None)));
    }

    [Fact]
    public async Task ResetAfterRepeatedFailureAsync_KeepsTheSessionAfterOneFailure_AndSetsItAsideAfterTheSecondOnTheSameState()
    {
        var sessionId = Guid.NewGuid();
        await Save(Alex, "SM1", StartAndAnswerFirst(sessionId, TestStore.Start));

        var first = await Reset(Alex);
        var afterFirst = await Load(Alex);
        var second = await Reset(Alex);
        var afterSecond = await Load(Alex);

        Assert.Equal((0, sessionId), (first, afterFirst.State.Session?.Id));
        Assert.Equal(1, second);
        Assert.Null(afterSecond.State.Session);
        Assert.Equal(SessionStatus.Reset, await _store.Db(db => db.Sessions.Select(s => s.Status).SingleAsync()));
        // Its answer stays, and counts.
        Assert.Equal(["4"], await _store.Db(db => db.Answers.Select(a => a.Value).ToListAsync()));
    }

    [Fact]
    public async Task ResetAfterRepeatedFailureAsync_StartsCountingAgain_WhenATurnSucceededInBetween()
    {
        var sessionId = Guid.NewGuid();
        await Save(Alex, "SM1", StartAndAnswerFirst(sessionId, TestStore.Start));

        await Reset(Alex);
        await _store.InScope(async sp =>
        {
            var store = sp.GetRequiredService<ConversationStore>();
            await store.LoadAsync(Alex, CancellationToken.None);
            return await store.SaveTurnAsync(Alex, "SM2", null,
                Result(Session(sessionId, TestStore.Start, questionIndex: 2), Answer(sessionId, "safe", "yes", "yes")), [], CancellationToken.None);
        });
        var afterNewState = await Reset(Alex);

        Assert.Equal(0, afterNewState);
        Assert.Equal(sessionId, (await Load(Alex)).State.Session?.Id);
    }

    private Task<int> Reset(ChannelAddress address) =>
        _store.InScope(sp => sp.GetRequiredService<ConversationStore>().ResetAfterRepeatedFailureAsync(address, CancellationToken.None));

    /// <summary>What the engine does with a first text: start a survey when none is open, else answer in it.</summary>
    private static TurnResult StartOrAnswer(ConversationRecord record)
    {
        if (record.State.Session is { } open)
        {
            return Result(open with { QuestionIndex = open.QuestionIndex + 1 }, Answer(open.Id, "happy", "4", "4"));
        }
        var id = Guid.NewGuid();
        return Result(Session(id, TestStore.Start), new SessionStarted(id, "checkin", 1, "en", null));
    }

    /// <summary>Load, save, and on Conflict load and save again, at most three times, as SurveyBot does.</summary>
    private async Task<List<SaveOutcome>> SaveAsTheBotDoes(ChannelAddress address, string messageId)
    {
        var outcomes = new List<SaveOutcome>();
        for (var attempt = 1; attempt <= 3; attempt++)
        {
            var outcome = await _store.InScope(async sp =>
            {
                var store = sp.GetRequiredService<ConversationStore>();
                await store.LoadAsync(address, CancellationToken.None);
                return await store.SaveTurnAsync(address, messageId, null, Result(null, new LanguageChanged("cy")), [], CancellationToken.None);
            });
            outcomes.Add(outcome);
            if (outcome != SaveOutcome.Conflict) break;
        }
        return outcomes;
    }

    public sealed class OnSqlite() : ConversationStoreTests(SqliteBackend.Instance);

    [Collection(PostgresCollection.Name)]
    public sealed class OnPostgres(PostgresServer server) : ConversationStoreTests(server.DatabaseFor<OnPostgres>());
}
