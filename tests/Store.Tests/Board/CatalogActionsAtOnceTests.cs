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
/// Two staff actions that change the same survey's catalog rows, sent at the same instant: both succeed and the store
/// is as after one and then the other. Every change to <c>Surveys</c> or <c>SurveyVersions</c> also changes the one
/// catalog stamp row (CatalogStampTriggers); a publish changes the version's row before the survey's, a change of owner
/// or an import the survey's first, so without one lock order on PostgreSQL the two could each hold a row the other
/// waits for, and the server would cancel one (a deadlock, answered 503). Each round uses a survey of its own, so the
/// rounds do not wait for each other. With the real parser and the approval rule, as the service runs. Runs on SQLite
/// and on PostgreSQL.
/// </summary>
public abstract class CatalogActionsAtOnceTests(IStoreBackend backend) : IAsyncLifetime
{
    private const int Rounds = 200;
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

    private static string File(int round, string question = "Are you happy with your support?") => $"""
        id: race{round}
        title: Race {round}
        keyword: RACE{round}
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

    /// <summary>Starts both at the same instant, each in its own scope (its own connection), and waits for both.</summary>
    private static async Task<(TA, TB)> AtOnce<TA, TB>(Func<Task<TA>> a, Func<Task<TB>> b)
    {
        using var go = new ManualResetEventSlim();
        var first = Task.Run(() => { go.Wait(); return a(); });
        var second = Task.Run(() => { go.Wait(); return b(); });
        go.Set();
        return (await first, await second);
    }

    /// <summary>A survey imported and approved by both members: ready to publish.</summary>
    private async Task Approved(int round)
    {
        Assert.True((await Library(l => l.ImportAsync(File(round), CancellationToken.None))).Succeeded);
        foreach (var member in new[] { _expert, _staff })
        {
            Assert.Equal(BoardOutcomeStatus.Ok, (await Board(b => b.ApproveAsync($"race{round}", member.Id, CancellationToken.None))).Status);
        }
    }

    private Task<(SurveyStage, int?, Guid?, string, int)> Survey(int round) => _store.Db(async db =>
    {
        var survey = await db.Surveys.AsNoTracking().SingleAsync(s => s.Id == $"race{round}");
        var versions = await db.SurveyVersions.CountAsync(v => v.SurveyId == survey.Id);
        return (survey.Stage, survey.PublishedVersion, survey.OwnerId, survey.Title, versions);
    });

    private Task<string[]> History(int round) => _store.Db(async db =>
        (await db.ReviewEvents.Where(e => e.SurveyId == $"race{round}").Select(e => e.Action).ToListAsync()).Order(StringComparer.Ordinal).ToArray());

    [Fact]
    public async Task APublishAndAChangeOfOwner_OfOneSurveyAtOnce_BothSucceed_AndTheSurveyHasBoth()
    {
        for (var round = 0; round < Rounds; round++)
        {
            await Approved(round);
            var id = $"race{round}";

            var (published, owner) = await AtOnce(
                () => Library(l => l.PublishAsync(id, CancellationToken.None)),
                () => Board(b => b.SetOwnerAsync(id, _expert.Id, CancellationToken.None)));

            Assert.Equal((PublishStatus.Published, (int?)1), (published.Status, published.Version));
            Assert.Equal(BoardOutcomeStatus.Ok, owner.Status);
            // As after either order: published, version 1, owned by the expert, one history line each.
            Assert.Equal((SurveyStage.Published, (int?)1, (Guid?)_expert.Id, $"Race {round}", 1), await Survey(round));
            Assert.Equal(["approved", "approved", "owner", "published", "submitted"], await History(round));
        }
    }

    [Fact]
    public async Task ANewVersionsImportAndAChangeOfOwner_OfOneSurveyAtOnce_BothSucceed_AndTheSurveyHasBoth()
    {
        for (var round = 0; round < Rounds; round++)
        {
            await Approved(round);
            var id = $"race{round}";
            Assert.Equal(PublishStatus.Published, (await Library(l => l.PublishAsync(id, CancellationToken.None))).Status);

            var (imported, owner) = await AtOnce(
                () => Library(l => l.ImportAsync(File(round, "Are you happy with the help you get?"), CancellationToken.None)),
                () => Board(b => b.SetOwnerAsync(id, _staff.Id, CancellationToken.None)));

            Assert.Equal((true, (int?)2), (imported.Succeeded, imported.Version));
            Assert.Equal(BoardOutcomeStatus.Ok, owner.Status);
            // As after either order: version 2 a draft beside the published version 1, owned by the staff member.
            Assert.Equal((SurveyStage.Draft, (int?)1, (Guid?)_staff.Id, $"Race {round}", 2), await Survey(round));
            Assert.Equal(["approved", "approved", "owner", "published", "submitted"], await History(round));
        }
    }

    public sealed class OnSqlite() : CatalogActionsAtOnceTests(SqliteBackend.Instance);

    [Collection(PostgresCollection.Name)]
    public sealed class OnPostgres(PostgresServer server) : CatalogActionsAtOnceTests(server.DatabaseFor<OnPostgres>());
}
