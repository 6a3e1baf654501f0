using CoProduction.Store.FreeText;
using CoProduction.Store.Tests.Postgres;
using CoProduction.Store.Tests.TestSupport;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CoProduction.Store.Tests.FreeText;

/// <summary>Reading written answers: paged, newest first, per round, and every read in the audit log. Runs on SQLite and PostgreSQL.</summary>
public abstract class FreeTextAnswersTests(IStoreBackend backend) : IAsyncLifetime
{
    private static readonly Actor Board = new("Sam Board", Guid.NewGuid());
    private TestStore _store = null!;

    public async Task InitializeAsync()
    {
        _store = await TestStore.CreateAsync(backend);
        await _store.PublishAsync(SampleSurveys.Checkin());
    }

    public async Task DisposeAsync() => await _store.DisposeAsync();

    private Task<FreeTextOutcome<FreeTextPage>> Read(string? question, Guid? round = null, int page = 1, string survey = "checkin") =>
        _store.InScope(sp => sp.GetRequiredService<FreeTextAnswers>().ReadAsync(survey, question, round, page, Board, default));

    private Task<List<CoProduction.Store.Accounts.AuditEvent>> Audit() =>
        _store.Db(db => db.AuditEvents.AsNoTracking().Where(e => e.Action == FreeTextAnswers.AuditAction).OrderBy(e => e.Id).ToListAsync());

    [Fact]
    public async Task ReadAsync_GivesTwentyAPage_NewestFirst()
    {
        var texts = Enumerable.Range(1, 45).Select(n => $"Answer number {n}").ToArray();
        await FreeTextData.AddWrittenAsync(_store, null, texts);

        var first = (await Read("change")).Value!;
        var third = (await Read("change", page: 3)).Value!;

        Assert.Equal((45, 3), (first.Total, first.Pages));
        Assert.Equal(Enumerable.Range(26, 20).Reverse().Select(n => $"Answer number {n}"), first.Answers.Select(a => a.Text));
        Assert.Equal(Enumerable.Range(1, 5).Reverse().Select(n => $"Answer number {n}"), third.Answers.Select(a => a.Text));
    }

    [Fact]
    public async Task ReadAsync_GivesOneRoundsAnswers_WithRound()
    {
        var round = await ResultsData.AddRoundAsync(_store);
        await FreeTextData.AddWrittenAsync(_store, round, "In the round");
        await FreeTextData.AddWrittenAsync(_store, null, "By keyword");

        var page = (await Read("change", round)).Value!;

        Assert.Equal(["In the round"], page.Answers.Select(a => a.Text));
    }

    [Fact]
    public async Task ReadAsync_WritesWhoReadWhatToTheAuditLog_EveryTime_WithoutTheWords()
    {
        var round = await ResultsData.AddRoundAsync(_store);
        await FreeTextData.AddWrittenAsync(_store, round, "My carer Jo is lovely");

        await Read("change");
        await Read("change", round, page: 2);

        var entries = await Audit();
        Assert.Equal(2, entries.Count);
        Assert.All(entries, e => Assert.Equal(("Sam Board", Board.AccountId), (e.Actor, e.AccountId)));
        Assert.Equal("Survey checkin, question change, every round, page 1", entries[0].Detail);
        Assert.Equal($"Survey checkin, question change, round {round}, page 2", entries[1].Detail);
        Assert.All(entries, e => Assert.DoesNotContain("Jo", e.Detail));
    }

    [Theory]
    [InlineData(null, "Choose a question")]
    [InlineData("happy", "no text question 'happy'")]
    [InlineData("nope", "no text question 'nope'")]
    public async Task ReadAsync_RefusesAQuestionThatHasNoWrittenAnswers_AndRecordsNoRead(string? question, string reason)
    {
        var outcome = await Read(question);

        Assert.Equal(FreeTextStatus.Invalid, outcome.Status);
        Assert.Contains(reason, outcome.Detail);
        Assert.Empty(await Audit());
    }

    [Fact]
    public async Task ReadAsync_SaysWhatIsMissing_ForASurveyOrRoundThatIsNot()
    {
        Assert.Equal(FreeTextStatus.NotFound, (await Read("change", survey: "nope")).Status);
        Assert.Equal(FreeTextStatus.NotFound, (await Read("change", Guid.NewGuid())).Status);
        Assert.Equal(FreeTextStatus.Invalid, (await Read("change", page: 0)).Status);
        Assert.Empty(await Audit());
    }

    [Fact]
    public async Task ReadAsync_LeavesOutSkippedAndUnclearAnswers()
    {
        await FreeTextData.AddWrittenAsync(_store, null, "Written");
        await ResultsData.AddPeopleAsync(_store, null, 2, "change=- happy=4");
        await ResultsData.AddPeopleAsync(_store, null, 1, "change=?");

        var page = (await Read("change")).Value!;

        Assert.Equal(["Written"], page.Answers.Select(a => a.Text));
    }

    public sealed class OnSqlite() : FreeTextAnswersTests(SqliteBackend.Instance);

    [Collection(PostgresCollection.Name)]
    public sealed class OnPostgres(PostgresServer server) : FreeTextAnswersTests(server.DatabaseFor<OnPostgres>());
}
