using System.Net;
using CoProduction.Bot.Tests.Infrastructure;
using CoProduction.Store;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CoProduction.Bot.Tests.Operations;

/// <summary>GET /health/live, /health/ready and /health (ready's alias), as a load balancer asks them.</summary>
public sealed class HealthTests : IDisposable
{
    private readonly ServiceFactory _service = new();

    public void Dispose() => _service.Dispose();

    [Theory]
    [InlineData("/health/live", "live")]
    [InlineData("/health/ready", "ready")]
    [InlineData("/health", "ready")]
    public async Task AStartedService_AnswersEveryHealthCheck(string path, string status)
    {
        using var response = await _service.CreateClient().GetAsync(path);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(status, (await Json.ReadAsync(response)).GetProperty("status").GetString());
    }

    [Fact]
    public async Task Ready_NamesWhatItChecked()
    {
        var body = await Json.ReadAsync(await _service.CreateClient().GetAsync("/health/ready"));

        Assert.Equal("Healthy", body.GetProperty("checks").GetProperty("store").GetProperty("status").GetString());
        Assert.Equal("Healthy", body.GetProperty("checks").GetProperty("jobs").GetProperty("status").GetString());
    }

    [Fact]
    public async Task Ready_Is503_WhenAMigrationIsMissingFromTheStore_WhileLiveStays200()
    {
        var client = _service.CreateClient();
        await using (var scope = _service.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<StoreDbContext>();
            var last = db.Database.GetMigrations().Last();
            await db.Database.ExecuteSqlAsync($"DELETE FROM \"__EFMigrationsHistory\" WHERE \"MigrationId\" = {last}");
        }

        using var ready = await client.GetAsync("/health/ready");
        using var alias = await client.GetAsync("/health");
        using var live = await client.GetAsync("/health/live");

        Assert.Equal(HttpStatusCode.ServiceUnavailable, ready.StatusCode);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, alias.StatusCode);
        Assert.Equal(HttpStatusCode.OK, live.StatusCode);
        var body = await Json.ReadAsync(ready);
        Assert.Equal("not ready", body.GetProperty("status").GetString());
        Assert.Contains("1 migrations are not applied", body.GetProperty("checks").GetProperty("store").GetProperty("description").GetString());
    }
}
