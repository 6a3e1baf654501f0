using CoProduction.Store.Board;
using CoProduction.Store.Library;
using CoProduction.Store.Tests.Postgres;
using CoProduction.Store.Tests.TestSupport;
using CoProduction.Surveys.Review;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace CoProduction.Store.Tests.Board;

/// <summary>
/// The board's actions when the same one arrives several times at once (a double click, a
/// retried request): the database keeps one approval per member per version and one vote per
/// member per proposal, and every copy gets the same success, never an error.
/// Runs on SQLite and on PostgreSQL.
/// </summary>
public abstract class ReviewBoardTests(IStoreBackend backend) : IAsyncLifetime
{
    private TestStore _store = null!;

    public async Task InitializeAsync()
    {
        _store = await TestStore.CreateAsync(backend);
        var yaml = _store.Parser.FileFor(SampleSurveys.Checkin(), "1");
        await _store.InScope(async sp => (await sp.GetRequiredService<SurveyLibrary>().ImportAsync(yaml, CancellationToken.None)).Succeeded);
    }

    public async Task DisposeAsync() => await _store.DisposeAsync();

    private Task<T> OnBoard<T>(Func<ReviewBoard, Task<T>> work) => _store.InScope(sp =>
        work(ActivatorUtilities.CreateInstance<ReviewBoard>(sp, Options.Create(new CoProductionOptions()))));

    /// <summary>Runs <paramref name="work"/> <paramref name="copies"/> times at the same moment, each in its own scope.</summary>
    private async Task<T[]> AtOnce<T>(int copies, Func<ReviewBoard, Task<T>> work)
    {
        using var go = new ManualResetEventSlim();
        var racers = Enumerable.Range(0, copies).Select(_ => Task.Run(() =>
        {
            go.Wait();
            return OnBoard(work);
        })).ToArray();
        go.Set();
        return await Task.WhenAll(racers);
    }

    [Fact]
    public async Task ApproveAsync_TenIdenticalApprovalsAtOnce_LeaveOneApprovalAndAllSucceed()
    {
        var member = await OnBoard(b => b.AddMemberAsync("Sam", BoardRole.ExpertByExperience, null, CancellationToken.None));

        var outcomes = await AtOnce(10, b => b.ApproveAsync("checkin", member.Id, CancellationToken.None));

        Assert.All(outcomes, o => Assert.Equal((BoardOutcomeStatus.Ok, 1), (o.Status, o.Value!.Approvals)));
        Assert.Equal(1, await _store.Db(db => db.Approvals.CountAsync(a => a.MemberId == member.Id)));
        Assert.Equal(1, await _store.Db(db => db.ReviewEvents.CountAsync(e => e.Action == "approved")));
    }

    [Fact]
    public async Task VoteAsync_TenIdenticalVotesAtOnce_LeaveOneVoteAndAllSucceed()
    {
        var member = await OnBoard(b => b.AddMemberAsync("Sam", BoardRole.ExpertByExperience, null, CancellationToken.None));
        var proposal = await OnBoard(b => b.ProposeAsync("checkin", "happy", null, null, "How happy are you with the help you get?", member.Id, CancellationToken.None));
        Assert.Equal(BoardOutcomeStatus.Ok, proposal.Status);

        var outcomes = await AtOnce(10, b => b.VoteAsync(proposal.Value!.Id, member.Id, CancellationToken.None));

        Assert.All(outcomes, o => Assert.Equal((BoardOutcomeStatus.Ok, 1), (o.Status, o.Value)));
        Assert.Equal(1, await _store.Db(db => db.ProposalVotes.CountAsync()));
    }

    [Fact]
    public async Task TheDatabase_RefusesASecondApprovalByTheSameMemberOfTheSameVersion()
    {
        var member = await OnBoard(b => b.AddMemberAsync("Sam", BoardRole.ExpertByExperience, null, CancellationToken.None));
        await OnBoard(b => b.ApproveAsync("checkin", member.Id, CancellationToken.None));

        var second = await Assert.ThrowsAsync<DbUpdateException>(() => _store.Db(db =>
        {
            db.Approvals.Add(new Model.Approval { SurveyId = "checkin", Version = 1, MemberId = member.Id, At = TestStore.Start });
            return db.SaveChangesAsync();
        }));

        Assert.True(StoreFailures.IsUniqueViolation(second));
    }

    [Fact]
    public async Task SubmitAsync_RecordsTheStageOnTheSurvey_SoReadingItNeedsNoHistory()
    {
        await OnBoard(b => b.SubmitAsync("checkin", null, CancellationToken.None));
        await _store.Db(db => db.ReviewEvents.ExecuteDeleteAsync());

        var state = await OnBoard(b => b.StateAsync("checkin", CancellationToken.None));

        Assert.Equal(SurveyStage.InReview, await _store.Db(db => db.Surveys.Where(s => s.Id == "checkin").Select(s => s.Stage).SingleAsync()));
        Assert.Equal("in-review", state.Value!.Stage);
    }

    [Fact]
    public async Task StateAsync_ReportsTheStageWithoutWritingIt()
    {
        var member = await OnBoard(b => b.AddMemberAsync("Sam", BoardRole.ExpertByExperience, null, CancellationToken.None));
        await OnBoard(b => b.ApproveAsync("checkin", member.Id, CancellationToken.None));
        await _store.Db(db => db.Surveys.ExecuteUpdateAsync(u => u.SetProperty(s => s.Status, Model.SurveyStatus.Draft)));

        var state = await OnBoard(b => b.StateAsync("checkin", CancellationToken.None));

        Assert.Equal("in-review", state.Value!.Stage);
        Assert.Equal(Model.SurveyStatus.Draft, await _store.Db(db => db.Surveys.Select(s => s.Status).SingleAsync()));
    }

    public sealed class OnSqlite() : ReviewBoardTests(SqliteBackend.Instance);

    [Collection(PostgresCollection.Name)]
    public sealed class OnPostgres(PostgresServer server) : ReviewBoardTests(server.DatabaseFor<OnPostgres>());
}
