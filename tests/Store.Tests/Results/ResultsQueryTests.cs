using System.Text.Json;
using CoProduction.Store.Model;
using CoProduction.Store.Results;
using CoProduction.Store.Tests.Postgres;
using CoProduction.Store.Tests.TestSupport;
using CoProduction.Surveys.Engine;
using Microsoft.Extensions.DependencyInjection;

namespace CoProduction.Store.Tests.Results;

/// <summary>Runs on SQLite and on PostgreSQL: see the nested <see cref="OnSqlite"/> and <see cref="OnPostgres"/>.</summary>
public abstract class ResultsQueryTests(IStoreBackend backend) : IAsyncLifetime
{
    private TestStore _store = null!;

    public async Task InitializeAsync()
    {
        _store = await TestStore.CreateAsync(backend);
        await _store.PublishAsync(SampleSurveys.Checkin());
    }

    public async Task DisposeAsync() => await _store.DisposeAsync();

    /// <summary>One person's session with its answers: (question, value, status).</summary>
    private Task AddSession(SessionStatus status, params (string Question, string? Value, AnswerStatus Status)[] answers) =>
        AddSession(status, pilot: false, answers);

    private Task AddSession(SessionStatus status, bool pilot, params (string Question, string? Value, AnswerStatus Status)[] answers) =>
        _store.Db(async db =>
        {
            var person = new Person { Id = Guid.NewGuid() };
            var session = new Session { Id = Guid.NewGuid(), PersonId = person.Id, SurveyId = "checkin", Version = 1, Status = status, StateJson = "{}", Pilot = pilot };
            db.People.Add(person);
            db.Sessions.Add(session);
            foreach (var (question, value, answerStatus) in answers)
            {
                db.Answers.Add(new Answer
                {
                    SessionId = session.Id, PersonId = person.Id, SurveyId = "checkin", Version = 1,
                    QuestionId = question, Raw = value ?? "??", Value = value, Status = answerStatus,
                });
            }
            return await db.SaveChangesAsync();
        });

    private Task<SurveyResults?> Results(string id = "checkin") =>
        _store.InScope(sp => sp.GetRequiredService<ResultsQuery>().GetAsync(id, CancellationToken.None));

    [Fact]
    public async Task GetAsync_NeverCountsPilotSessions()
    {
        await AddSession(SessionStatus.Completed, ("happy", "4", AnswerStatus.Answered));
        await AddSession(SessionStatus.Completed, pilot: true, ("happy", "1", AnswerStatus.Answered), ("happy", "4", AnswerStatus.Answered));

        var results = await Results();

        Assert.Equal((1, 1), (results!.Responses, results.Completed));
        var happy = results.Questions.Single(q => q.Id == "happy");
        Assert.Equal(1, happy.Answered);
        Assert.False(happy.Counts.ContainsKey("1"));
    }

    [Fact]
    public async Task GetAsync_CountsValuesUnclearAndSkipped_TextUnderAnsweredOnly_AndLeavesOutAbandonedSessions()
    {
        await AddSession(SessionStatus.Completed,
            ("happy", "4", AnswerStatus.Answered), ("safe", "yes", AnswerStatus.Answered),
            ("matters", "work", AnswerStatus.Answered), ("change", "More visits please", AnswerStatus.Answered));
        await AddSession(SessionStatus.Completed,
            ("happy", "5", AnswerStatus.Answered), ("safe", null, AnswerStatus.Unclear),
            ("matters", "friends", AnswerStatus.Answered), ("change", null, AnswerStatus.Skipped));
        await AddSession(SessionStatus.Active, ("happy", "4", AnswerStatus.Answered));
        // Started again from the beginning: this one must not count at all.
        await AddSession(SessionStatus.Abandoned, ("happy", "1", AnswerStatus.Answered), ("safe", "no", AnswerStatus.Answered));

        var results = await Results();

        Assert.NotNull(results);
        Assert.Equal(("checkin", 3, 2), (results.SurveyId, results.Responses, results.Completed));
        Assert.Equal(["happy", "safe", "matters", "change"], results.Questions.Select(q => q.Id));
        var q = results.Questions.ToDictionary(x => x.Id);
        Assert.Equal(3, q["happy"].Answered);
        Assert.Equal([new("4", 2), new("5", 1)], q["happy"].Counts);
        Assert.Equal(1, q["safe"].Answered);
        Assert.Equal([new("yes", 1), new("unclear", 1)], q["safe"].Counts);
        Assert.Equal([new("friends", 1), new("work", 1)], q["matters"].Counts);
        Assert.Equal(1, q["change"].Answered);
        Assert.Equal([new("skipped", 1)], q["change"].Counts);
    }

    [Fact]
    public async Task GetAsync_SerialisesToTheDesignShape()
    {
        await AddSession(SessionStatus.Completed, ("happy", "4", AnswerStatus.Answered));

        var json = JsonSerializer.Serialize(await Results());

        Assert.Equal(
            """{"surveyId":"checkin","responses":1,"completed":1,"questions":[{"id":"happy","answered":1,"counts":{"4":1}},{"id":"safe","answered":0,"counts":{}},{"id":"matters","answered":0,"counts":{}},{"id":"change","answered":0,"counts":{}}]}""",
            json);
    }

    [Fact]
    public async Task GetAsync_CountsOnlyThatRoundsAnswers_WhenGivenARound()
    {
        var first = await ResultsData.AddRoundAsync(_store);
        var second = await ResultsData.AddRoundAsync(_store);
        await ResultsData.AddPeopleAsync(_store, first, 2, "happy=4");
        await ResultsData.AddPeopleAsync(_store, second, 3, "happy=5 safe=no");
        await ResultsData.AddPeopleAsync(_store, null, 1, "happy=1");

        var round = await _store.InScope(sp => sp.GetRequiredService<ResultsQuery>().GetAsync("checkin", second, CancellationToken.None));
        var all = await Results();

        Assert.Equal(3, round!.Responses);
        Assert.Equal([new("5", 3)], round.Questions.Single(q => q.Id == "happy").Counts);
        Assert.Equal(6, all!.Responses);
    }

    [Fact]
    public async Task GetAsync_ReturnsNull_ForAnUnknownSurvey()
    {
        Assert.Null(await Results("nope"));
    }

    [Fact]
    public async Task GetAsync_CountsManyAnswersCorrectly()
    {
        // Enough rows that counting in memory by mistake would still pass but be slow; the
        // point here is that grouping in SQL gives the right totals at volume.
        await _store.Db(async db =>
        {
            for (var i = 0; i < 2000; i++)
            {
                var person = new Person { Id = Guid.NewGuid() };
                var session = new Session { Id = Guid.NewGuid(), PersonId = person.Id, SurveyId = "checkin", Version = 1, Status = SessionStatus.Completed, StateJson = "{}" };
                db.People.Add(person);
                db.Sessions.Add(session);
                db.Answers.Add(new Answer { SessionId = session.Id, PersonId = person.Id, SurveyId = "checkin", Version = 1, QuestionId = "happy", Raw = "x", Value = (i % 5 + 1).ToString(), Status = AnswerStatus.Answered });
                db.Answers.Add(new Answer { SessionId = session.Id, PersonId = person.Id, SurveyId = "checkin", Version = 1, QuestionId = "change", Raw = $"text {i}", Value = $"text {i}", Status = AnswerStatus.Answered });
            }
            return await db.SaveChangesAsync();
        });

        var results = await Results();

        var happy = results!.Questions.Single(q => q.Id == "happy");
        Assert.Equal(2000, happy.Answered);
        Assert.All(happy.Counts.Values, n => Assert.Equal(400, n));
        var change = results.Questions.Single(q => q.Id == "change");
        Assert.Equal((2000, 0), (change.Answered, change.Counts.Count));
    }

    public sealed class OnSqlite() : ResultsQueryTests(SqliteBackend.Instance);

    [Collection(PostgresCollection.Name)]
    public sealed class OnPostgres(PostgresServer server) : ResultsQueryTests(server.DatabaseFor<OnPostgres>());
}
