using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace CoProduction.Store.Setup;

/// <summary>
/// Ready only when the store answers and its schema is the one this build expects: a node
/// started against a database that another, older node has not yet migrated must not take traffic.
/// The database's own error is left out of the result: it can name hosts and users.
/// </summary>
public sealed class StoreHealthCheck(IDbContextFactory<StoreDbContext> contexts) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            await using var db = contexts.CreateDbContext();
            // WaitAsync: a database that does not answer must not hold the check past its timeout.
            var pending = (await db.Database.GetPendingMigrationsAsync(cancellationToken).WaitAsync(cancellationToken)).Count();
            return pending == 0
                ? HealthCheckResult.Healthy("The store answers and is up to date.")
                : HealthCheckResult.Unhealthy($"The store answers but {pending} migrations are not applied yet.");
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            return HealthCheckResult.Unhealthy($"The store cannot be reached ({e.GetType().Name}).");
        }
    }
}
