using System.Text.Json;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace CoProduction.Bot.Operations;

/// <summary>
/// GET /health/live: the process answers (a load balancer restarts it when not). GET
/// /health/ready, and /health as its alias: the store and the job storage answer and the
/// schema is up to date; 503 otherwise, so a proxy sends no traffic to this node meanwhile.
/// </summary>
public static class HealthEndpoints
{
    public const string ReadyTag = "ready";

    public static void MapHealth(this WebApplication app)
    {
        app.MapHealthChecks("/health/live", new HealthCheckOptions { Predicate = _ => false, ResponseWriter = WriteAsync("live") });
        var ready = new HealthCheckOptions { Predicate = c => c.Tags.Contains(ReadyTag), ResponseWriter = WriteAsync("ready") };
        app.MapHealthChecks("/health/ready", ready);
        app.MapHealthChecks("/health", ready);
    }

    /// <summary>{ "status": "ready" | "not ready", "checks": { "store": { "status", "description" } } }</summary>
    private static Func<HttpContext, HealthReport, Task> WriteAsync(string goodWord) => (context, report) =>
    {
        context.Response.ContentType = "application/json";
        var body = new
        {
            status = report.Status == HealthStatus.Unhealthy ? "not " + goodWord : goodWord,
            checks = report.Entries.ToDictionary(e => e.Key, e => new { status = e.Value.Status.ToString(), description = e.Value.Description }),
        };
        return context.Response.WriteAsync(JsonSerializer.Serialize(body, JsonSerializerOptions.Web));
    };
}
