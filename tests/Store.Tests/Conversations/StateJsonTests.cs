using System.Text.Json;
using CoProduction.Store.Conversations;
using CoProduction.Store.Tests.Postgres;
using CoProduction.Store.Tests.TestSupport;
using CoProduction.Surveys.Definitions;
using CoProduction.Surveys.Engine;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using static CoProduction.Store.Tests.TestSupport.Turns;

namespace CoProduction.Store.Tests.Conversations;

/// <summary>
/// The session state as the store keeps it between turns (StateJson): written by build-time
/// generated code, it is the same text the reflection writer wrote before (so every saved session
/// reads as it did), and every field, Welsh text and nulls included, comes back from the store as it
/// went in. On SQLite and on PostgreSQL.
/// </summary>
public abstract class StateJsonTests(IStoreBackend backend) : IAsyncLifetime
{
    private static readonly ChannelAddress Alex = new(Channel.Sms, "+447700900123");
    private readonly Guid _sessionId = Guid.NewGuid();
    private TestStore _store = null!;

    public async Task InitializeAsync()
    {
        _store = await TestStore.CreateAsync(backend);
        await _store.PublishAsync(SampleSurveys.Checkin());
        await _store.InScope(sp => sp.GetRequiredService<ConversationStore>().SaveTurnAsync(Alex, "SM0", null,
            Result(Session(_sessionId, TestStore.Start), new SessionStarted(_sessionId, "checkin", 1, "en", null)), ["intro"], CancellationToken.None));
    }

    public async Task DisposeAsync() => await _store.DisposeAsync();

    /// <summary>Every field set, in Welsh, with characters JSON and XML treat specially, and a null value.</summary>
    private SessionState EveryField(DateTimeOffset at) => new()
    {
        Id = _sessionId,
        SurveyId = "checkin",
        Version = 1,
        Language = "cy",
        Channel = Channel.Sms,
        EasyRead = true,
        Status = SessionStatus.AwaitingCarryOn,
        QuestionIndex = 3,
        Unclear = 2,
        Silences = 1,
        HeardText = "Ydych chi'n teimlo'n ddiogel? Ŵyr, ŷd, â \"dyfynodau\" & <tagiau>",
        HeardReply = "ie plîs",
        HeardIfNot = "Atebwch IE neu NA",
        Values = new Dictionary<string, string?> { ["happy"] = "4", ["safe"] = null, ["change"] = "Mwy o deithiau\nllai o aros \U0001F44D" },
        // Kept in the JSON only, with its offset (the row's own times are UTC).
        StartedAt = TestStore.Start.ToOffset(TimeSpan.FromHours(1)),
        LastActivityAt = at,
        Pilot = false,
        InvitationId = Guid.NewGuid(),
    };

    public static TheoryData<string> States => new() { "every field", "fresh" };

    [Theory]
    [MemberData(nameof(States))]
    public void TheGeneratedWriter_WritesTheTextTheReflectionWriterWrote(string which)
    {
        var state = which == "fresh" ? Session(_sessionId, TestStore.Start) : EveryField(TestStore.Start.AddMinutes(5));

        Assert.Equal(JsonSerializer.Serialize(state, StateJson.Options), StateJson.Serialize(state));
        Assert.Contains("\"status\":\"", StateJson.Serialize(state));
    }

    [Fact]
    public async Task EveryField_WelshTextAndNulls_ComeBackFromTheStoreAsTheyWentIn()
    {
        _store.Time.Advance(TimeSpan.FromMinutes(5));
        var saved = EveryField(_store.Time.GetUtcNow());

        var outcome = await _store.InScope(async sp =>
        {
            var store = sp.GetRequiredService<ConversationStore>();
            await store.LoadAsync(Alex, CancellationToken.None);
            return await store.SaveTurnAsync(Alex, "SM1", null, Result(saved, Answer(_sessionId, "change", "Mwy o deithiau", "Mwy o deithiau")), ["Diolch"], CancellationToken.None);
        });
        var loaded = (await _store.InScope(sp => sp.GetRequiredService<ConversationStore>().LoadAsync(Alex, CancellationToken.None))).State.Session!;

        Assert.Equal(SaveOutcome.Saved, outcome);
        Assert.Equal(saved with { Values = loaded.Values }, loaded);
        Assert.Equal(saved.Values.OrderBy(kv => kv.Key), loaded.Values.OrderBy(kv => kv.Key));
        Assert.Equal(TimeSpan.FromHours(1), loaded.StartedAt.Offset);
    }

    [Theory]
    [MemberData(nameof(States))]
    public void AStateReadBackAfterItsWrite_IsTheStateTheReflectionReaderReads(string which)
    {
        var state = which == "fresh" ? Session(_sessionId, TestStore.Start) : EveryField(TestStore.Start.AddMinutes(5));
        var json = StateJson.Serialize(state);

        var kept = StateJson.DeserializeSession(json);
        var read = StateJson.Deserialize<SessionState>(json);

        Assert.Equal(read with { Values = kept.Values }, kept);
        Assert.Equal(read.Values.OrderBy(kv => kv.Key), kept.Values.OrderBy(kv => kv.Key));
        Assert.Equal(JsonSerializer.Serialize(read, StateJson.Options), JsonSerializer.Serialize(kept, StateJson.Options));
    }

    [Fact]
    public void TwoPeoplesStates_EachReadBackAsTheirOwn_AndAnotherTextOfTheSameSession_IsReadFromItsText()
    {
        var alex = EveryField(TestStore.Start.AddMinutes(5));
        var sam = Session(Guid.NewGuid(), TestStore.Start) with { Language = "en", QuestionIndex = 1 };
        var alexJson = StateJson.Serialize(alex);
        var samJson = StateJson.Serialize(sam);
        // The same session as another node (or a save rolled back) left it: a text this process did not write last.
        var elsewhere = JsonSerializer.Serialize(alex with { QuestionIndex = 4, Values = new Dictionary<string, string?> { ["happy"] = "5" } }, StateJson.Options);

        Assert.Equal(3, StateJson.DeserializeSession(alexJson).QuestionIndex);
        Assert.Equal(sam.Id, StateJson.DeserializeSession(samJson).Id);
        Assert.Equal(1, StateJson.DeserializeSession(samJson).QuestionIndex);
        var other = StateJson.DeserializeSession(elsewhere);
        Assert.Equal(4, other.QuestionIndex);
        Assert.Equal("5", Assert.Single(other.Values).Value);
    }

    [Fact]
    public async Task AStateChangedInTheStoreSinceThisProcessSavedIt_IsLoadedAsTheStoreHasIt()
    {
        _store.Time.Advance(TimeSpan.FromMinutes(5));
        var saved = EveryField(_store.Time.GetUtcNow());
        await _store.InScope(async sp =>
        {
            var store = sp.GetRequiredService<ConversationStore>();
            await store.LoadAsync(Alex, CancellationToken.None);
            return await store.SaveTurnAsync(Alex, "SM1", null, Result(saved, Answer(_sessionId, "change", "Mwy o deithiau", "Mwy o deithiau")), ["Diolch"], CancellationToken.None);
        });
        // Another node saves the next turn: this process never wrote that text.
        var theirs = JsonSerializer.Serialize(saved with { QuestionIndex = 4, Unclear = 0, HeardText = null }, StateJson.Options);
        await _store.Db(db => db.Sessions.Where(s => s.Id == _sessionId).ExecuteUpdateAsync(u => u.SetProperty(s => s.StateJson, theirs)));

        var loaded = (await _store.InScope(sp => sp.GetRequiredService<ConversationStore>().LoadAsync(Alex, CancellationToken.None))).State.Session!;

        Assert.Equal(4, loaded.QuestionIndex);
        Assert.Equal(0, loaded.Unclear);
        Assert.Null(loaded.HeardText);
    }

    [Fact]
    public void WrittenStatesKept_AreBounded()
    {
        for (var i = 0; i < StateJson.RecentLimit + 50; i++) StateJson.Serialize(Session(Guid.NewGuid(), TestStore.Start));

        Assert.InRange(StateJson.RecentCount, 1, StateJson.RecentLimit);
    }

    [Theory]
    [InlineData(SessionStatus.Completed)]
    [InlineData(SessionStatus.Stopped)]
    [InlineData(SessionStatus.Expired)]
    [InlineData(SessionStatus.Abandoned)]
    public void AFinishedSessionsState_IsNotKept_AndReadsBackFromItsText(SessionStatus status)
    {
        var id = Guid.NewGuid();
        var going = Session(id, TestStore.Start);
        StateJson.Serialize(going);
        var finished = going with { Status = status, QuestionIndex = 3 };

        var json = StateJson.Serialize(finished);

        // Nothing more will be asked in it: its state is not held (it is read from its text if the person writes again).
        Assert.False(StateJson.IsKept(id));
        var read = StateJson.DeserializeSession(json);
        Assert.Equal(status, read.Status);
        Assert.Equal(3, read.QuestionIndex);
        Assert.Equal(json, JsonSerializer.Serialize(read, StateJson.Options));
    }

    public sealed class OnSqlite() : StateJsonTests(SqliteBackend.Instance);

    [Collection(PostgresCollection.Name)]
    public sealed class OnPostgres(PostgresServer server) : StateJsonTests(server.DatabaseFor<OnPostgres>());
}
