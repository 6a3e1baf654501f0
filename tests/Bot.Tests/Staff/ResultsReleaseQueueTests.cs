using System.Net;
using System.Net.Http.Json;
using CoProduction.Bot.Tests.Infrastructure;
using CoProduction.Scheduling.Jobs;
using CoProduction.Store;
using CoProduction.Testing;
using CoProduction.Testing.Postgres;
using Hangfire;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CoProduction.Bot.Tests.Staff;

/// <summary>
/// Releasing results queues their messages as a round queues its invitations: when only the
/// immediate send cannot be queued, the release stands and the recurring dispatcher sends them;
/// when the queue takes nothing, staff are told plainly and nothing is released.
/// </summary>
public abstract class ResultsReleaseQueueTests(IStoreBackend backend)
{
    private const int People = 3;

    [Fact]
    public async Task Release_Answers201_AndTheRecurringDispatcherSendsTheResults_WhenTheImmediateSendCannotBeQueued()
    {
        await using var service = await StartAsync(ContinuationRefusingJobClient.Use);
        var (round, phones) = await AnsweredRoundAsync(service);

        var response = await service.Factory.StaffClient().PostAsJsonAsync("/api/surveys/pulse/releases", new { round });

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var release = (await Json.ReadAsync(response)).GetProperty("id").GetGuid();
        // Queued for Hangfire to make them; run here as Hangfire would, then the recurring run.
        var queued = service.Factory.Services.GetRequiredService<JobStorage>().GetMonitoringApi().EnqueuedJobs("default", 0, 10);
        Assert.Contains(queued, j => j.Value.Job.Type == typeof(ResultsSendBackJob));
        await service.Factory.RunJobAsync<ResultsSendBackJob>(j => j.RunAsync(release, default));
        await service.Factory.RunJobAsync<InvitationDispatcher>(j => j.RunAsync(default));
        var outbox = (await Json.ReadAsync(await service.Factory.StaffClient().GetAsync("/api/outbox"))).EnumerateArray().ToList();
        foreach (var phone in phones)
        {
            Assert.Contains("/results/pulse", Assert.Single(outbox, m => m.GetProperty("to").GetString() == phone).GetProperty("body").GetString());
        }
    }

    [Fact]
    public async Task Release_Answers503WithAPlainReason_AndReleasesNothing_WhenTheJobQueueRefuses()
    {
        await using var service = await StartAsync(RefusingJobStorage.Use);
        var (round, _) = await AnsweredRoundAsync(service);

        var response = await service.Factory.StaffClient().PostAsJsonAsync("/api/surveys/pulse/releases", new { round });

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.NotNull(response.Headers.RetryAfter);
        Assert.Equal("We could not release these results just now. Nothing was published or sent. Please try again in a few minutes.",
            (await Json.ReadAsync(response)).GetProperty("title").GetString());
        await using var scope = service.Factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<StoreDbContext>();
        Assert.Equal(0, await db.ResultsReleases.CountAsync());
        Assert.Equal(0, await db.Invitations.CountAsync(i => i.Kind == CoProduction.Store.Model.InvitationKind.Results));
    }

    private async Task<BackendService> StartAsync(Action<IServiceCollection> jobs)
    {
        var service = await BackendService.StartAsync(backend, s =>
        {
            s["Scheduling:QuietHoursStart"] = "00:00";
            s["Scheduling:QuietHoursEnd"] = "00:00";
        });
        service.Factory.ExtraServices = jobs;
        return service;
    }

    private static async Task<(Guid Round, List<string> Phones)> AnsweredRoundAsync(BackendService service)
    {
        var round = await PulseSurvey.PublishedWithRoundAsync(service.Factory);
        var people = await ResultsSeed.AddPeopleAsync(service.Factory.Services, round, People, "happy=4");
        return (round, people.Select(p => p.Phone).ToList());
    }
}

public sealed class ResultsReleaseQueueOnSqliteTests() : ResultsReleaseQueueTests(SqliteBackend.Instance);

[Collection(PostgresCollection.Name)]
public sealed class ResultsReleaseQueueOnPostgresTests(PostgresServer server) : ResultsReleaseQueueTests(server);
