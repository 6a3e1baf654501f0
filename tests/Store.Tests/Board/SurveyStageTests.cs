using CoProduction.Store.Board;
using CoProduction.Store.Catalog;
using CoProduction.Store.Library;
using CoProduction.Store.Model;
using CoProduction.Store.Tests.Postgres;
using CoProduction.Store.Tests.TestSupport;
using CoProduction.Surveys.Review;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace CoProduction.Store.Tests.Board;

/// <summary>
/// The survey's stage column through every transition (import, submit, approve, publish, a new
/// version, accepting a wording, retiring), each where it happens, and every refused transition
/// leaving the stage as it was. With the real survey parser and the approval rule on publishing,
/// as the service runs. Runs on SQLite and on PostgreSQL.
/// </summary>
public abstract class SurveyStageTests(IStoreBackend backend) : IAsyncLifetime
{
    private const string Survey = "stage";
    private static readonly YamlSurveyParser Parser = new();
    private readonly SurveyDefinitionCache _definitions = new(Parser);
    private readonly IOptions<CoProductionOptions> _options = Options.Create(new CoProductionOptions());
    private TestStore _store = null!;
    private BoardMember _expert = null!, _staff = null!;

    public async Task InitializeAsync()
    {
        _store = await TestStore.CreateAsync(backend);
        _expert = await Board(b => b.AddMemberAsync("Sam", BoardRole.ExpertByExperience, null, CancellationToken.None));
        _staff = await Board(b => b.AddMemberAsync("Alex", BoardRole.Staff, null, CancellationToken.None));
    }

    public async Task DisposeAsync() => await _store.DisposeAsync();

    private static string File(string question = "Are you happy with your support?") => $"""
        id: {Survey}
        title: Stage check
        keyword: STAGE
        intro: Hello.
        outro: Thank you.
        questions:
          - id: happy
            type: yesno
            text: {question}
        """;

    private SurveyLibrary NewLibrary(IServiceProvider sp) => ActivatorUtilities.CreateInstance<SurveyLibrary>(
        sp, Parser, _definitions, new IPublishRule[] { ActivatorUtilities.CreateInstance<ApprovalRule>(sp, _options) });

    private Task<T> Library<T>(Func<SurveyLibrary, Task<T>> work) => _store.InScope(sp => work(NewLibrary(sp)));

    private Task<T> Board<T>(Func<ReviewBoard, Task<T>> work) => _store.InScope(sp =>
        work(ActivatorUtilities.CreateInstance<ReviewBoard>(sp, NewLibrary(sp), _definitions, _options)));

    private Task<SurveyStage> Stage() => _store.Db(db => db.Surveys.Where(s => s.Id == Survey).Select(s => s.Stage).SingleAsync());
    private Task<SurveyStatus> Status() => _store.Db(db => db.Surveys.Where(s => s.Id == Survey).Select(s => s.Status).SingleAsync());

    private async Task Import(string question = "Are you happy with your support?") =>
        Assert.True((await Library(l => l.ImportAsync(File(question), CancellationToken.None))).Succeeded);

    private async Task Approve(BoardMember member) =>
        Assert.Equal(BoardOutcomeStatus.Ok, (await Board(b => b.ApproveAsync(Survey, member.Id, CancellationToken.None))).Status);

    private async Task Publish()
    {
        await Import();
        await Approve(_expert);
        await Approve(_staff);
        Assert.Equal(PublishStatus.Published, (await Library(l => l.PublishAsync(Survey, CancellationToken.None))).Status);
    }

    [Fact]
    public async Task Import_MakesADraft()
    {
        await Import();

        Assert.Equal((SurveyStage.Draft, SurveyStatus.Draft), (await Stage(), await Status()));
    }

    [Fact]
    public async Task Submit_MovesADraftIntoReview_AndTheStateSaysSo()
    {
        await Import();

        var state = await Board(b => b.SubmitAsync(Survey, null, CancellationToken.None));

        Assert.Equal((SurveyStage.InReview, SurveyStatus.InReview, "in-review"), (await Stage(), await Status(), state.Value!.Stage));
    }

    [Fact]
    public async Task Approvals_MoveADraftIntoReview_ThenToApprovedWhenTheQuorumIsMet()
    {
        await Import();

        await Approve(_expert);
        var afterOne = await Stage();
        await Approve(_staff);

        Assert.Equal(SurveyStage.InReview, afterOne);
        Assert.Equal((SurveyStage.Approved, SurveyStatus.Approved), (await Stage(), await Status()));
    }

    [Fact]
    public async Task TwoMembersApprovingAtOnce_LeaveTheSurveyApproved()
    {
        await Import();
        using var go = new ManualResetEventSlim();
        var racers = new[] { _expert, _staff }.Select(m => Task.Run(() => { go.Wait(); return Approve(m); })).ToArray();

        go.Set();
        await Task.WhenAll(racers);

        Assert.Equal(SurveyStage.Approved, await Stage());
    }

    [Fact]
    public async Task Publish_MovesAnApprovedVersionToPublished()
    {
        await Publish();

        Assert.Equal((SurveyStage.Published, SurveyStatus.Published), (await Stage(), await Status()));
    }

    [Fact]
    public async Task ANewVersion_AfterPublishing_IsADraft_WhileThePublishedOneIsStillServed()
    {
        await Publish();

        await Import("Are you happy with the help you get?");

        Assert.Equal((SurveyStage.Draft, SurveyStatus.Published), (await Stage(), await Status()));
    }

    [Fact]
    public async Task AcceptingAWording_MakesANewVersionInReview()
    {
        await Publish();
        await Board(b => b.SetOwnerAsync(Survey, _expert.Id, CancellationToken.None));
        var proposal = await Board(b => b.ProposeAsync(Survey, "happy", null, null, "Are you happy with the help you get?", _staff.Id, CancellationToken.None));

        var accepted = await Board(b => b.AcceptAsync(proposal.Value!.Id, _expert.Id, CancellationToken.None));

        Assert.Equal((BoardOutcomeStatus.Ok, 2), (accepted.Status, accepted.Value));
        Assert.Equal((SurveyStage.InReview, SurveyStatus.Published), (await Stage(), await Status()));
    }

    [Fact]
    public async Task Retire_MovesAPublishedSurveyToRetired()
    {
        await Publish();

        var retired = await Board(b => b.RetireAsync(Survey, _staff.Id, CancellationToken.None));

        Assert.Equal(BoardOutcomeStatus.Ok, retired.Status);
        Assert.Equal((SurveyStage.Retired, SurveyStatus.Retired), (await Stage(), await Status()));
    }

    [Fact]
    public async Task ARetiredSurvey_ReImported_IsADraftForTheBoard_NotServedUntilApprovedAndPublishedAgain()
    {
        await Publish();
        await Board(b => b.RetireAsync(Survey, _staff.Id, CancellationToken.None));

        await Import("Are you happy with the help you get?");
        var afterImport = (await Stage(), await Status());
        await Approve(_expert);
        await Approve(_staff);
        var afterApproval = (await Stage(), await Status());
        var published = await Library(l => l.PublishAsync(Survey, CancellationToken.None));

        Assert.Equal((SurveyStage.Draft, SurveyStatus.Retired), afterImport);
        Assert.Equal((SurveyStage.Approved, SurveyStatus.Retired), afterApproval);
        Assert.Equal((PublishStatus.Published, (int?)2), (published.Status, published.Version));
        Assert.Equal((SurveyStage.Published, SurveyStatus.Published), (await Stage(), await Status()));
    }

    [Fact]
    public async Task ShippedSurveys_AreApprovedByConfiguration_ThenPublished()
    {
        var folder = Directory.CreateDirectory(Path.Combine(_store.Folder, "shipped")).FullName;
        await System.IO.File.WriteAllTextAsync(Path.Combine(folder, "stage.yaml"), File());

        await Library(l => l.ImportFolderAsync(folder, publish: false, CancellationToken.None, approvalNote: "shipped"));
        var approved = await Stage();
        await Library(l => l.ImportFolderAsync(folder, publish: true, CancellationToken.None, approvalNote: "shipped"));

        Assert.Equal(SurveyStage.Approved, approved);
        Assert.Equal(SurveyStage.Published, await Stage());
    }

    [Fact]
    public async Task PublishingBeforeTheQuorum_IsRefused_AndTheStageStays()
    {
        await Import();
        await Approve(_expert);

        var published = await Library(l => l.PublishAsync(Survey, CancellationToken.None));

        Assert.Equal(PublishStatus.Conflict, published.Status);
        Assert.Equal((SurveyStage.InReview, SurveyStatus.InReview), (await Stage(), await Status()));
    }

    [Fact]
    public async Task SubmittingAPublishedVersion_IsRefused_AndTheStageStays()
    {
        await Publish();

        var submitted = await Board(b => b.SubmitAsync(Survey, _staff.Id, CancellationToken.None));

        Assert.Equal(BoardOutcomeStatus.Refused, submitted.Status);
        Assert.Equal(SurveyStage.Published, await Stage());
    }

    [Fact]
    public async Task RetiringASurveyNeverPublished_IsRefused_AndTheStageStays()
    {
        await Import();
        await Approve(_expert);

        var retired = await Board(b => b.RetireAsync(Survey, _staff.Id, CancellationToken.None));

        Assert.Equal(BoardOutcomeStatus.Refused, retired.Status);
        Assert.Equal((SurveyStage.InReview, SurveyStatus.InReview), (await Stage(), await Status()));
    }

    [Fact]
    public async Task WorkOnARetiredSurvey_IsRefused_AndTheStageStays()
    {
        await Publish();
        await Board(b => b.RetireAsync(Survey, _staff.Id, CancellationToken.None));

        var outcomes = new[]
        {
            (await Board(b => b.RetireAsync(Survey, _staff.Id, CancellationToken.None))).Status,
            (await Board(b => b.ApproveAsync(Survey, _expert.Id, CancellationToken.None))).Status,
            (await Board(b => b.SubmitAsync(Survey, _expert.Id, CancellationToken.None))).Status,
            (await Board(b => b.ProposeAsync(Survey, "happy", null, null, "Happy?", _expert.Id, CancellationToken.None))).Status,
        };

        Assert.All(outcomes, o => Assert.Equal(BoardOutcomeStatus.Refused, o));
        Assert.Equal((SurveyStage.Retired, SurveyStatus.Retired), (await Stage(), await Status()));
    }

    [Fact]
    public async Task AnApprovalFromSomeoneNotOnTheBoard_IsRefused_AndTheStageStays()
    {
        await Import();

        var approved = await Board(b => b.ApproveAsync(Survey, Guid.NewGuid(), CancellationToken.None));

        Assert.Equal(BoardOutcomeStatus.NotFound, approved.Status);
        Assert.Equal(SurveyStage.Draft, await Stage());
        Assert.Equal(0, await _store.Db(db => db.Approvals.CountAsync()));
    }

    public sealed class OnSqlite() : SurveyStageTests(SqliteBackend.Instance);

    [Collection(PostgresCollection.Name)]
    public sealed class OnPostgres(PostgresServer server) : SurveyStageTests(server.DatabaseFor<OnPostgres>());
}
