using Hangfire;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace CoProduction.Bot.Scheduling;

/// <summary>Ready only when Hangfire's storage answers: a node that cannot reach it cannot schedule or dispatch.</summary>
public sealed class JobStorageHealthCheck(JobStorage storage) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            // Hangfire's storage API is synchronous; WaitAsync keeps a hung database inside the check's timeout.
            await Task.Run(() =>
            {
                using var connection = storage.GetConnection();
                connection.GetAllItemsFromSet("recurring-jobs");
            }, cancellationToken).WaitAsync(cancellationToken);
            return HealthCheckResult.Healthy("The job storage answers.");
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            return HealthCheckResult.Unhealthy($"The job storage cannot be reached ({e.GetType().Name}).");
        }
    }
}
