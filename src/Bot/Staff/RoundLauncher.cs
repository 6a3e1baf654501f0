using CoProduction.Scheduling.Jobs;
using CoProduction.Scheduling.Rounds;
using Hangfire;

namespace CoProduction.Bot.Staff;

/// <summary>
/// Saves a round and starts making its invitations: one home for the API and the rounds page.
/// A round that opens now starts sending at once, not at the dispatcher's next minute.
/// </summary>
public sealed class RoundLauncher(RoundPlanner rounds, IBackgroundJobClient jobs, RoundInvitationsJob invitations, ILogger<RoundLauncher> log)
{
    public async Task<RoundCreated> LaunchAsync(RoundRequest request, CancellationToken ct)
    {
        var created = await rounds.CreateAsync(request, ct);
        if (!created.Succeeded) return created;
        var id = created.Id!.Value;
        try
        {
            var making = jobs.Enqueue<RoundInvitationsJob>(j => j.RunAsync(id, CancellationToken.None));
            // Safe beside the recurring run: invitations are claimed in the store, one sender each.
            jobs.ContinueJobWith<InvitationDispatcher>(making, d => d.RunAsync(CancellationToken.None));
        }
        catch (Exception e) when (e is BackgroundJobClientException or ObjectDisposedException)
        {
            // The job queue could not take it just now: make the invitations here instead (the job
            // is safe to run twice), and the dispatcher's next run sends them. The round is saved.
            log.LogWarning("The job queue refused round {Round}'s invitations ({Error}); making them now", id, e.GetType().Name);
            await invitations.RunAsync(id, ct);
        }
        return created;
    }
}
