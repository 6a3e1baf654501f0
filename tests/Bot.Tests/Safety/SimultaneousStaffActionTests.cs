using System.Net;
using System.Net.Http.Json;
using CoProduction.Bot.Tests.Infrastructure;
using CoProduction.Store;
using CoProduction.Testing;
using CoProduction.Testing.Postgres;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CoProduction.Bot.Tests.Safety;

/// <summary>Identical staff actions sent at the same moment: each gets a success or a 409, never a 500, and the store holds them once.</summary>
public abstract class SimultaneousStaffActionTests(IStoreBackend backend)
{
    private const int Copies = 8;

    [Fact]
    public async Task TheSameWordAddedAtOnce_IsListedOnce_AndEveryRequestSucceeds()
    {
        await using var service = await BackendService.StartAsync(backend);
        var staff = service.Factory.StaffClient();
        await staff.GetAsync("/api/word-lists");

        var responses = await Task.WhenAll(Enumerable.Range(0, Copies).Select(_ =>
            staff.PostAsJsonAsync("/api/word-lists", new { list = "jargon", phrase = "care package", instead = "your support" })));

        Assert.All(responses, r => Assert.Equal(HttpStatusCode.Created, r.StatusCode));
        await using var scope = service.Factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<StoreDbContext>();
        Assert.Equal(1, await db.WordListEntries.CountAsync(e => e.Phrase == "care package"));
    }

    [Fact]
    public async Task TheSameSurveyUploadedAtOnce_GetsCreatedOr409_NeverA500()
    {
        await using var service = await BackendService.StartAsync(backend);
        var staff = service.Factory.StaffClient();
        const string yaml = "id: twice\ntitle: Twice\nkeyword: TWICE\nintro: Hello\noutro: Bye\nquestions:\n  - id: q\n    type: yesno\n    text: Fine?\n";

        var responses = await Task.WhenAll(Enumerable.Range(0, Copies).Select(_ =>
            staff.PostAsync("/api/surveys", new StringContent(yaml, System.Text.Encoding.UTF8, "application/yaml"))));

        Assert.All(responses, r => Assert.Contains(r.StatusCode, new[] { HttpStatusCode.Created, HttpStatusCode.Conflict }));
        Assert.Contains(responses, r => r.StatusCode == HttpStatusCode.Created);
    }
}

public sealed class SimultaneousStaffActionOnSqliteTests() : SimultaneousStaffActionTests(SqliteBackend.Instance);

[Collection(PostgresCollection.Name)]
public sealed class SimultaneousStaffActionOnPostgresTests(PostgresServer server) : SimultaneousStaffActionTests(server);
