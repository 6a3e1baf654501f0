using CoProduction.Scheduling.Jobs;
using Hangfire;

namespace CoProduction.Bot.Staff;

/// <summary>
/// Queues the results messages of a new release (<see cref="ResultsSendBackJob"/>) and a
/// dispatcher run to send them now rather than at its next minute; when the job queue refuses,
/// the messages are made here and the dispatcher's next run sends them.
/// </summary>
public sealed class ResultsSendBack(IBackgroundJobClient jobs, ResultsSendBackJob job, ILogger<ResultsSendBack> logger)
{
    public async Task QueueAsync(Guid releaseId, CancellationToken ct)
    {
        try
        {
            var making = jobs.Enqueue<ResultsSendBackJob>(j => j.RunAsync(releaseId, CancellationToken.None));
            jobs.ContinueJobWith<InvitationDispatcher>(making, d => d.RunAsync(CancellationToken.None));
        }
        catch (Exception e) when (e is BackgroundJobClientException or ObjectDisposedException)
        {
            logger.LogWarning("The job queue refused release {Release}'s messages ({Error}); making them now", releaseId, e.GetType().Name);
            await job.RunAsync(releaseId, ct);
        }
    }
}
