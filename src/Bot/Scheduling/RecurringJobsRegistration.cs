using CoProduction.Scheduling.Jobs;
using Hangfire;

namespace CoProduction.Bot.Scheduling;

/// <summary>
/// Registers the recurring jobs (<see cref="RecurringJobs"/>) when the host starts: added before
/// Hangfire's server, so the server's first poll already finds them.
/// </summary>
public sealed class RecurringJobsRegistration(IRecurringJobManager jobs) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        RecurringJobs.Register(jobs);
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
