using System.Data.Common;
using CoProduction.Store.Conversations;
using CoProduction.Store.Model;
using CoProduction.Store.Privacy;
using CoProduction.Store.Setup;
using CoProduction.Store.Tests.Postgres;
using CoProduction.Store.Tests.TestSupport;
using CoProduction.Surveys.Definitions;
using CoProduction.Surveys.Engine;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using static CoProduction.Store.Tests.TestSupport.Turns;

namespace CoProduction.Store.Tests.Privacy;

/// <summary>
/// Answers have no index by person (Model/AnswersModel.cs: it was a page written a turn): a person's answers are those of
/// their sessions (<see cref="PersonAnswers"/>). These tests write answers the way turns do (EF's save and the prepared
/// one, by text and by call, two surveys one after the other) and check that erasing and the person's record still find
/// every answer of the person and nobody else's, and that the lookup goes by the sessions' and answers' indexes. Runs on
/// SQLite and on PostgreSQL (nested <see cref="OnSqlite"/>, <see cref="OnPostgres"/>).
/// </summary>
public abstract class PersonAnswersTests(IStoreBackend backend) : IAsyncLifetime
{
    private static readonly ChannelAddress AlexText = new(Channel.Sms, "+447700900123");
    private static readonly ChannelAddress AlexCall = new(Channel.Voice, "+447700900123");
    private static readonly ChannelAddress Bea = new(Channel.Sms, "+447700900456");
    private TestStore _store = null!;
    private int _message;

    public async Task InitializeAsync()
    {
        _store = await TestStore.CreateAsync(backend);
        await _store.PublishAsync(SampleSurveys.Checkin());
    }

    public async Task DisposeAsync() => await _store.DisposeAsync();

    /// <summary>One turn, as the bot runs it: a load, then the save (by prepared statements or EF, as the store decides).</summary>
    private Task<SaveOutcome> Turn(ChannelAddress address, TurnResult result, bool load = true) => _store.InScope(async sp =>
    {
        var store = sp.GetRequiredService<ConversationStore>();
        if (load) await store.LoadAsync(address, CancellationToken.None);
        _store.Time.Advance(TimeSpan.FromSeconds(30));
        return await store.SaveTurnAsync(address, $"SM{++_message}", "+447700900000", result, ["reply"], CancellationToken.None);
    });

    /// <summary>A survey from its keyword to its end: the start and first answer in one turn, then one answer a turn.</summary>
    private async Task SurveyAsync(ChannelAddress address, bool firstEver, params string[] answers)
    {
        var id = Guid.NewGuid();
        var at = _store.Time.GetUtcNow();
        Assert.Equal(SaveOutcome.Saved, await Turn(address, Result(Session(id, at, 1),
            new SessionStarted(id, "checkin", 1, "en", null), Answer(id, "happy", answers[0], answers[0])), load: !firstEver));
        for (var i = 1; i < answers.Length; i++)
        {
            var last = i == answers.Length - 1;
            var state = Session(id, at, i + 1, last ? SessionStatus.Completed : SessionStatus.Active) with { LastActivityAt = _store.Time.GetUtcNow() };
            SurveyEvent[] events = last ? [Answer(id, "safe", answers[i], answers[i]), new SessionCompleted(id)] : [Answer(id, "happy", answers[i], answers[i])];
            Assert.Equal(SaveOutcome.Saved, await Turn(address, Result(state, events)));
        }
    }

    /// <summary>Alex answers two surveys (the first by text, the second by call: 5 answers); Bea one (2 answers).</summary>
    private async Task<(Guid Alex, Guid Bea)> TwoPeopleAnsweredAsync()
    {
        await SurveyAsync(AlexText, firstEver: true, "4", "3", "yes");
        await SurveyAsync(AlexCall, firstEver: false, "5", "no");
        await SurveyAsync(Bea, firstEver: true, "2", "yes");
        return await _store.Db(async db => (
            await db.People.Where(p => p.Phone == AlexText.Phone).Select(p => p.Id).SingleAsync(),
            await db.People.Where(p => p.Phone == Bea.Phone).Select(p => p.Id).SingleAsync()));
    }

    private Task<ErasureOutcome> Erase(Guid person, string answers) => _store.InScope(sp =>
        new PersonEraser(sp.GetRequiredService<StoreDbContext>(), Options.Create(new PrivacyOptions { ErasedAnswers = answers }),
            _store.Time, sp.GetRequiredService<StoreWriteGate>()).EraseAsync(person, "Morgan staff", CancellationToken.None));

    [Fact]
    public async Task EveryAnswerATurnWrites_HasItsSessionsPerson()
    {
        await TwoPeopleAnsweredAsync();

        var pairs = await _store.Db(db => (
            from a in db.Answers
            join s in db.Sessions on a.SessionId equals s.Id
            select new { Answer = a.PersonId, Session = s.PersonId }).ToListAsync());

        Assert.Equal(7, pairs.Count);
        Assert.All(pairs, p => Assert.Equal(p.Session, p.Answer));
    }

    /// <summary>
    /// The answer's one key to its session and person (Model/AnswersModel.cs): the store itself refuses an answer whose
    /// person is not its session's, or whose session or person is not there, and keeps the answers it had.
    /// </summary>
    [Fact]
    public async Task TheStore_RefusesAnAnswerWhosePersonIsNotItsSessionsPerson_OrWhoseSessionOrPersonIsNotThere()
    {
        var (alex, bea) = await TwoPeopleAnsweredAsync();
        var alexSession = await _store.Db(db => db.Sessions.Where(s => s.PersonId == alex).Select(s => s.Id).FirstAsync());

        async Task<bool> Refused(Guid session, Guid person) => await _store.Db(async db =>
        {
            db.Answers.Add(new Answer
            {
                SessionId = session, PersonId = person, SurveyId = "checkin", Version = 1, QuestionId = "happy", Raw = "3", Value = "3",
                Status = AnswerStatus.Answered, Channel = Channel.Sms, At = _store.Time.GetUtcNow(),
            });
            try { await db.SaveChangesAsync(); return false; }
            catch (DbUpdateException) { return true; }
        });

        Assert.Equal(
            (true, true, true, false),
            (await Refused(alexSession, bea), await Refused(Guid.NewGuid(), alex), await Refused(alexSession, Guid.NewGuid()), await Refused(alexSession, alex)));
        Assert.Equal((6, 2), await _store.Db(async db => (
            await db.Answers.CountAsync(a => a.PersonId == alex), await db.Answers.CountAsync(a => a.PersonId == bea))));
    }

    [Fact]
    public async Task ThePersonsRecord_HoldsEveryAnswerOfTheirs_FromBothSurveysAndChannels_AndNoneOfAnyoneElses()
    {
        var (alex, _) = await TwoPeopleAnsweredAsync();

        var record = (await _store.InScope(sp => sp.GetRequiredService<PersonRecords>().GatherAsync(alex, "Morgan staff", CancellationToken.None)))!;

        Assert.Equal(
            [["4", "3", "yes"], ["5", "no"]],
            record.Sessions.Select(s => s.Answers.Select(a => a.Sent).ToArray()).ToArray());
        Assert.Equal(["sms", "voice"], record.Sessions.Select(s => s.Channel));
        Assert.Equal(5, await _store.Db(db => PersonAnswers.Of(db, alex).CountAsync()));
    }

    [Fact]
    public async Task Erasing_KeepsEveryAnswerOfTheirsWithoutTheirWords_AndLeavesAnotherPersonsAlone()
    {
        var (alex, bea) = await TwoPeopleAnsweredAsync();

        var outcome = await Erase(alex, PrivacyOptions.KeepAnonymous);

        Assert.Equal(new ErasureOutcome(ErasureStatus.Erased, 5, false), outcome);
        var answers = await _store.Db(db => db.Answers.AsNoTracking().OrderBy(a => a.Id).ToListAsync());
        Assert.Equal(["", "", "", "", ""], answers.Where(a => a.PersonId == alex).Select(a => a.Raw));
        Assert.Equal(["4", "3", "yes", "5", "no"], answers.Where(a => a.PersonId == alex).Select(a => a.Value));
        Assert.Equal(["2", "yes"], answers.Where(a => a.PersonId == bea).Select(a => a.Raw));
    }

    [Fact]
    public async Task Erasing_WithAnswersSetToDelete_DeletesEveryAnswerOfTheirs_AndNoOneElses()
    {
        var (alex, bea) = await TwoPeopleAnsweredAsync();

        var outcome = await Erase(alex, PrivacyOptions.Delete);

        Assert.Equal(new ErasureOutcome(ErasureStatus.Erased, 5, true), outcome);
        Assert.Equal([bea, bea], await _store.Db(db => db.Answers.Select(a => a.PersonId).ToListAsync()));
        Assert.Equal([bea], await _store.Db(db => db.Sessions.Select(s => s.PersonId).ToListAsync()));
    }

    [Fact]
    public async Task APersonsAnswers_AreFoundByTheSessionsIndexes_AndAnswersHaveNoIndexByPerson()
    {
        // A store with many people: a plan over an index, not one that finds nothing to choose between.
        await ResultsData.AddPeopleAsync(_store, null, 300, "happy=4 safe=yes");
        var (alex, _) = await TwoPeopleAnsweredAsync();
        var sqlite = _store.Backend.Provider == "Sqlite";

        var (indexes, plan) = await _store.Db(async db =>
        {
            var connection = db.Database.GetDbConnection();
            await db.Database.OpenConnectionAsync();
            try
            {
                // PostgreSQL reads a table of a few pages whole (a hash join) however it is indexed: with scans of a whole
                // table priced out, the plan shows which indexes the lookup can use, as it uses them on a large store.
                if (!sqlite) await db.Database.ExecuteSqlRawAsync("ANALYZE; SET enable_seqscan = off");
                var indexes = await RowsAsync(connection, sqlite
                    ? "SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'Answers'"
                    : "SELECT indexname FROM pg_indexes WHERE tablename = 'Answers'");
                await using var query = PersonAnswers.Of(db, alex).CreateDbCommand();
                query.CommandText = (sqlite ? "EXPLAIN QUERY PLAN " : "EXPLAIN ") + query.CommandText;
                return (indexes, await RowsAsync(query));
            }
            finally { await db.Database.CloseConnectionAsync(); }
        });

        Assert.Contains("IX_Answers_SessionId", indexes);
        Assert.DoesNotContain("IX_Answers_PersonId", indexes);
        var text = string.Join("\n", plan);
        Assert.Contains("IX_Sessions_PersonId_Status", text);
        Assert.Contains("IX_Answers_SessionId", text);
        // Not a pass over every answer in the store.
        if (sqlite) Assert.DoesNotContain(plan, row => row.Contains("SCAN a") && !row.Contains("INDEX"));
        else Assert.DoesNotContain("Seq Scan on \"Answers\"", text);
    }

    private static async Task<List<string>> RowsAsync(DbConnection connection, string sql)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        return await RowsAsync(command);
    }

    private static async Task<List<string>> RowsAsync(DbCommand command)
    {
        await using var reader = await command.ExecuteReaderAsync();
        var rows = new List<string>();
        while (await reader.ReadAsync()) rows.Add(reader.GetString(reader.FieldCount - 1));
        return rows;
    }

    public sealed class OnSqlite() : PersonAnswersTests(SqliteBackend.Instance);

    [Collection(PostgresCollection.Name)]
    public sealed class OnPostgres(PostgresServer server) : PersonAnswersTests(server.DatabaseFor<OnPostgres>());
}
