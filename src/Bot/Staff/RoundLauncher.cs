using CoProduction.Scheduling.Jobs;
using CoProduction.Scheduling.Rounds;
using Hangfire;

namespace CoProduction.Bot.Staff;

/// <summary>
/// Saves a round and starts making its invitations: one home for the API and the rounds page.
/// A round that opens now starts sending at once, not at the dispatcher's next minute.
/// </summary>
public sealed class RoundLauncher(RoundPlanner rounds, IBackgroundJobClient jobs)
{
    public async Task<RoundCreated> LaunchAsync(RoundRequest request, CancellationToken ct)
    {
        var created = await rounds.CreateAsync(request, ct);
        if (!created.Succeeded) return created;
        var id = created.Id!.Value;
        var making = jobs.Enqueue<RoundInvitationsJob>(j => j.RunAsync(id, CancellationToken.None));
        // Safe beside the recurring run: invitations are claimed in the store, one sender each.
        jobs.ContinueJobWith<InvitationDispatcher>(making, d => d.RunAsync(CancellationToken.None));
        return created;
    }
}
