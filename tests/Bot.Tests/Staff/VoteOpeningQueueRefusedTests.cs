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
/// When the job queue will not take a vote's invitations (Hangfire's storage down), the opening is
/// taken back: staff are told plainly that nothing was sent, and the vote is never left looking
/// open with nobody asked and no closing to come.
/// </summary>
public abstract class VoteOpeningQueueRefusedTests(IStoreBackend backend)
{
    [Fact]
    public async Task OpeningAnApprovedVote_Answers503WithAPlainReason_AndLeavesItUnopened_WhenTheJobQueueRefuses()
    {
        await using var service = await BackendService.StartAsync(backend);
        service.Factory.ExtraServices = RefusingJobStorage.Use;
        var staff = service.Factory.StaffClient();
        var imported = await staff.PostAsync("/api/people", new StringContent("name,phone,groups\nAda,+447400100201,lounge\n", Encoding.UTF8, "text/csv"));
        Assert.Equal(HttpStatusCode.OK, imported.StatusCode);
        var created = await staff.PostAsJsonAsync("/api/votes", new
        {
            question = "Which colour for the lounge?", options = new[] { "Blue", "Green" }, groups = new[] { "lounge" }, closes = DateTimeOffset.UtcNow.AddDays(2),
        });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var id = (await Json.ReadAsync(created)).GetProperty("id").GetGuid();
        var survey = (await Json.ReadAsync(await staff.GetAsync($"/api/votes/{id}"))).GetProperty("survey").GetString()!;
        await Board.ApproveAsync(service.Factory, survey);

        var response = await staff.PostAsync($"/api/votes/{id}/open", null);

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.NotNull(response.Headers.RetryAfter);
        Assert.Equal("We could not open this vote just now. Nothing was sent. Please try again in a few minutes.",
            (await Json.ReadAsync(response)).GetProperty("title").GetString());
        var vote = await Json.ReadAsync(await staff.GetAsync($"/api/votes/{id}"));
        Assert.NotEqual("open", vote.GetProperty("state").GetString());
        await using var scope = service.Factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<StoreDbContext>();
        Assert.Equal(0, await db.Rounds.CountAsync());
        Assert.Equal(0, await db.Invitations.CountAsync());
        Assert.Null((await db.QuickVotes.SingleAsync()).RoundId);
    }
}

public sealed class VoteOpeningQueueRefusedOnSqliteTests() : VoteOpeningQueueRefusedTests(SqliteBackend.Instance);

[Collection(PostgresCollection.Name)]
public sealed class VoteOpeningQueueRefusedOnPostgresTests(PostgresServer server) : VoteOpeningQueueRefusedTests(server);
