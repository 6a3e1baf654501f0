using CoProduction.Store.Privacy;
using Microsoft.Extensions.Logging;

namespace CoProduction.Scheduling.Jobs;

/// <summary>
/// Once a night: message text and phone numbers past Privacy:MessageRetentionDays, and audit
/// entries past Privacy:AuditRetentionDays, are removed (see <see cref="Retention"/>, which is safe
/// to run on two nodes at once and to run again after being cut short).
/// </summary>
public sealed class RetentionJob(Retention retention, ILogger<RetentionJob> logger)
{
    public async Task<RetentionResult> RunAsync(CancellationToken ct)
    {
        var result = await retention.RunAsync(ct);
        if (result.Total > 0)
        {
            logger.LogInformation(
                "Retention: replies cleared from {Replies} inbound messages, text from {Answers} answers; {Outbox} outbox messages and {Audit} audit entries removed",
                result.Replies, result.Answers, result.Outbox, result.Audit);
        }
        return result;
    }
}
