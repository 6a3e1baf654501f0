using System.Net;
using System.Net.Http.Json;
using System.Text;
using CoProduction.Bot.Tests.Infrastructure;
using CoProduction.Store;
using CoProduction.Testing;
using CoProduction.Testing.Postgres;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CoProduction.Bot.Tests.Staff;

/// <summary>
/// When the job queue will not take a new round (Hangfire's storage down), staff are told plainly
/// that nothing was sent and to try again, and no half-launched round is left in the store.
/// </summary>
public abstract class RoundLaunchQueueRefusedTests(IStoreBackend backend)
{
    private const string Plain = "We could not start this round just now. Nothing was sent. Please try again in a few minutes.";

    [Fact]
    public async Task RoundsApi_Answers503WithAPlainReason_AndSavesNoRound_WhenTheJobQueueRefuses()
    {
        await using var service = await StartAsync();
        var staff = service.Factory.StaffClient();

        var response = await staff.PostAsJsonAsync("/api/rounds", new { survey = "checkin", groups = new[] { "rose-court" }, channel = "sms", closes = "2099-12-31T17:00:00Z" });

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(Plain, (await Json.ReadAsync(response)).GetProperty("title").GetString());
        Assert.NotNull(response.Headers.RetryAfter);
        Assert.Equal((0, 0), await RoundsAndInvitationsAsync(service));
    }

    [Fact]
    public async Task RoundsPage_ShowsThePlainMessage_AndSavesNoRound_WhenTheJobQueueRefuses()
    {
        await using var service = await StartAsync();
        var signedIn = await SignIns.StaffAsync(service.Factory);

        var response = await StaffBrowser.PostFormAsync(signedIn.Client, "/staff/rounds", new()
        {
            ["Survey"] = "checkin", ["Groups"] = "rose-court", ["Channel"] = "sms", ["ClosesDate"] = "2099-12-31", ["ClosesTime"] = "17:00",
        });

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        var page = WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync());
        Assert.Contains("There is a problem", page);
        Assert.Contains(Plain, page);
        Assert.Equal((0, 0), await RoundsAndInvitationsAsync(service));
    }

    private async Task<BackendService> StartAsync()
    {
        var service = await BackendService.StartAsync(backend);
        service.Factory.ExtraServices = RefusingJobStorage.Use;
        var csv = "name,phone,groups\nAda,+447400100201,rose-court\n";
        var imported = await service.Factory.StaffClient().PostAsync("/api/people", new StringContent(csv, Encoding.UTF8, "text/csv"));
        Assert.Equal(HttpStatusCode.OK, imported.StatusCode);
        return service;
    }

    private static async Task<(int Rounds, int Invitations)> RoundsAndInvitationsAsync(BackendService service)
    {
        await using var scope = service.Factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<StoreDbContext>();
        return (await db.Rounds.CountAsync(), await db.Invitations.CountAsync());
    }
}

public sealed class RoundLaunchQueueRefusedOnSqliteTests() : RoundLaunchQueueRefusedTests(SqliteBackend.Instance);

[Collection(PostgresCollection.Name)]
public sealed class RoundLaunchQueueRefusedOnPostgresTests(PostgresServer server) : RoundLaunchQueueRefusedTests(server);
