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
public sealed class RoundLauncher(RoundPlanner rounds, IBackgroundJobClient jobs, StoreDbContext db, SendNow sendNow)
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
        sendNow.After(making, "Round", id);
        return created;
    }
}
