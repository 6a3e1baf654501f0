using CoProduction.Scheduling.Jobs;
using CoProduction.Store.Results;
using Hangfire;

namespace CoProduction.Bot.Staff;

/// <summary>
/// Queues the results messages of a new release (<see cref="ResultsSendBackJob"/>) and sends them
/// now rather than at the dispatcher's next minute (<see cref="SendNow"/>), as a round does.
/// </summary>
public sealed class ResultsSendBack(IBackgroundJobClient jobs, ResultsReleases releases, SendNow sendNow)
{
    /// <exception cref="JobQueueRefusedException">The job queue would not take the messages; the release was taken back.</exception>
    public async Task QueueAsync(Guid releaseId)
    {
        string making;
        try
        {
            making = jobs.Enqueue<ResultsSendBackJob>(j => j.RunAsync(releaseId, CancellationToken.None));
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // A release left public would refuse a second try as "already released", and its
            // messages would never be made: taken back, staff release it again when the queue is back.
            await releases.TakeBackAsync(releaseId, CancellationToken.None);
            throw new JobQueueRefusedException(JobQueueRefusedException.ResultsNotReleased, e);
        }
        sendNow.After(making, "Release", releaseId);
    }
}
