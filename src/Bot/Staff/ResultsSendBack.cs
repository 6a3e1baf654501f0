using CoProduction.Scheduling.Jobs;
using Hangfire;

namespace CoProduction.Bot.Staff;

/// <summary>
/// Queues the results messages of a new release (<see cref="ResultsSendBackJob"/>) and a
/// dispatcher run to send them now rather than at its next minute.
/// </summary>
public sealed class ResultsSendBack(IBackgroundJobClient jobs)
{
    public void Queue(Guid releaseId)
    {
        var making = jobs.Enqueue<ResultsSendBackJob>(j => j.RunAsync(releaseId, CancellationToken.None));
        jobs.ContinueJobWith<InvitationDispatcher>(making, d => d.RunAsync(CancellationToken.None));
    }
}
