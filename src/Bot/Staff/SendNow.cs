using CoProduction.Scheduling.Jobs;
using Hangfire;

namespace CoProduction.Bot.Staff;

/// <summary>
/// Sends new invitations as soon as the job <c>making</c> them is done, not at the dispatcher's
/// next minute: one rule for rounds, quick votes and results sent back. Safe beside the recurring
/// run: invitations are claimed in the store, one sender each. When the queue will not take the
/// send, the recurring run sends them a minute later at most, so it is logged, never a failed request.
/// </summary>
public sealed class SendNow(IBackgroundJobClient jobs, ILogger<SendNow> logger)
{
    /// <param name="what">What the invitations are for, for the log: "Round", "Release".</param>
    public void After(string making, string what, Guid id)
    {
        try
        {
            jobs.ContinueJobWith<InvitationDispatcher>(making, d => d.RunAsync(CancellationToken.None));
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            logger.LogWarning("{What} {Id}: the immediate send could not be queued ({Exception}); the recurring dispatcher will send it.", what, id, CoProduction.Channels.TurnFailures.Describe(e));
        }
    }
}
