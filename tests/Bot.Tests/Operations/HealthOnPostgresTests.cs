using System.Net;
using CoProduction.Bot.Tests.Infrastructure;
using CoProduction.Testing;
using CoProduction.Testing.Postgres;
using Npgsql;

namespace CoProduction.Bot.Tests.Operations;

/// <summary>
/// Two nodes on PostgreSQL: while the database refuses connections the node says it is not
/// ready (503) but still live, and it is ready again by itself once the database is back.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class HealthOnPostgresTests(PostgresServer server) : IAsyncLifetime
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "coproduction-tests", Guid.NewGuid().ToString("N"));
    private TestDatabase _database = null!;

    public async Task InitializeAsync()
    {
        Directory.CreateDirectory(_folder);
        _database = await server.CreateDatabaseAsync(_folder);
    }

    public async Task DisposeAsync()
    {
        await SetConnectionsAsync(allowed: true);
        await _database.DisposeAsync();
        try { Directory.Delete(_folder, recursive: true); } catch (IOException) { }
    }

    private ServiceFactory OnPostgres()
    {
        var service = new ServiceFactory();
        service.Settings["Store:Provider"] = "Postgres";
        service.Settings["ConnectionStrings:Store"] = _database.ConnectionString;
        // Jobs on the store's own database, as on a real node, so the job storage check is real too.
        service.Settings["Scheduling:JobStorage"] = null;
        service.Settings["DirectLine:Secret"] = "configured-directline-secret-0123456789";
        return service;
    }

    [Fact]
    public async Task Ready_Is503_WhileTheDatabaseIsDown_AndReadyAgainAfter()
    {
        using var service = OnPostgres();
        var client = service.CreateClient();
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/health/ready")).StatusCode);

        await SetConnectionsAsync(allowed: false);

        using (var ready = await client.GetAsync("/health/ready"))
        {
            Assert.Equal(HttpStatusCode.ServiceUnavailable, ready.StatusCode);
            var checks = (await Json.ReadAsync(ready)).GetProperty("checks");
            Assert.Equal("Unhealthy", checks.GetProperty("store").GetProperty("status").GetString());
            Assert.Equal("Unhealthy", checks.GetProperty("jobs").GetProperty("status").GetString());
        }
        Assert.Equal(HttpStatusCode.ServiceUnavailable, (await client.GetAsync("/health")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/health/live")).StatusCode);

        await SetConnectionsAsync(allowed: true);

        // Pooled connections the outage broke are thrown away as they are found: ask a few times.
        var deadline = DateTime.UtcNow.AddSeconds(30);
        HttpStatusCode status;
        do
        {
            status = (await client.GetAsync("/health/ready")).StatusCode;
        } while (status != HttpStatusCode.OK && DateTime.UtcNow < deadline && await Delay());
        Assert.Equal(HttpStatusCode.OK, status);
    }

    private static async Task<bool> Delay()
    {
        await Task.Delay(200);
        return true;
    }

    /// <summary>The database "down": it refuses new connections and its open ones are cut.</summary>
    private async Task SetConnectionsAsync(bool allowed)
    {
        var name = new NpgsqlConnectionStringBuilder(_database.ConnectionString).Database!;
        var admin = new NpgsqlConnectionStringBuilder(_database.ConnectionString) { Database = "postgres", Pooling = false }.ConnectionString;
        await using var connection = new NpgsqlConnection(admin);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(
            $"ALTER DATABASE \"{name}\" ALLOW_CONNECTIONS {(allowed ? "true" : "false")};" +
            (allowed ? "" : $"SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '{name}' AND pid <> pg_backend_pid();"),
            connection);
        await command.ExecuteNonQueryAsync();
    }
}
