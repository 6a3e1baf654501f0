using CoProduction.Scheduling.Jobs;
using CoProduction.Scheduling.Rounds;
using CoProduction.Store;
using Hangfire;
using Microsoft.EntityFrameworkCore;

namespace CoProduction.Bot.Staff;

/// <summary>
/// Saves a round and starts making its invitations: one home for the API and the rounds page.
/// A round that opens now starts sending at once, not at the dispatcher's next minute.
/// </summary>
public sealed class RoundLauncher(RoundPlanner rounds, IBackgroundJobClient jobs, StoreDbContext db, ILogger<RoundLauncher> logger)
{
    /// <exception cref="JobQueueRefusedException">The job queue would not take the round; the round was taken back out of the store.</exception>
    public async Task<RoundCreated> LaunchAsync(RoundRequest request, CancellationToken ct)
    {
        var created = await rounds.CreateAsync(request, ct);
        if (!created.Succeeded) return created;
        var id = created.Id!.Value;
        string making;
        try
        {
            making = jobs.Enqueue<RoundInvitationsJob>(j => j.RunAsync(id, CancellationToken.None));
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // No job will ever make its invitations: a round left in the store would look launched
            // and never send. No invitation exists yet, so the round row is all there is to undo.
            await db.Rounds.Where(r => r.Id == id).ExecuteDeleteAsync(CancellationToken.None);
            throw new JobQueueRefusedException(JobQueueRefusedException.RoundNotStarted, e);
        }
        SendNowAfter(making, id);
        return created;
    }

    /// <summary>
    /// Sends a round's invitations as soon as the job <paramref name="making"/> them is done, not at
    /// the dispatcher's next minute. Safe beside the recurring run: invitations are claimed in the
    /// store, one sender each. When the queue will not take it, the recurring run sends them.
    /// </summary>
    public void SendNowAfter(string making, Guid round)
    {
        try
        {
            jobs.ContinueJobWith<InvitationDispatcher>(making, d => d.RunAsync(CancellationToken.None));
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            logger.LogWarning("Round {Round}: the immediate send could not be queued ({Exception}); the recurring dispatcher will send it.", round, CoProduction.Channels.TurnFailures.Describe(e));
        }
    }
}
