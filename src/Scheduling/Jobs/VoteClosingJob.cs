using CoProduction.Scheduling.Rounds;
using CoProduction.Store;
using CoProduction.Store.Results;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace CoProduction.Scheduling.Jobs;

/// <summary>
/// Scheduled at a vote's closing time: closes its round, releases the round's results (frozen,
/// disclosed like every public figure) and queues the result for everyone who voted. Every step
/// is safe to repeat (the round closes once, the release is unique per round, the messages'
/// keys are unique per release and person), so a re-run or a second node sends nothing twice.
/// </summary>
public sealed class VoteClosingJob(
    StoreDbContext db, RoundPlanner rounds, ResultsReleases releases, ResultsSendBackJob sendBack, TimeProvider time, ILogger<VoteClosingJob> logger)
{
    /// <summary>
    /// The safety net beside each vote's scheduled closing (a job queue that refused it, a lost
    /// job): closes every vote whose time has come and that is not closed yet.
    /// </summary>
    public async Task<int> RunDueAsync(CancellationToken ct)
    {
        var now = time.GetUtcNow();
        var due = await db.QuickVotes.AsNoTracking().Where(v => v.ClosedAt == null && v.RoundId != null)
            .Select(v => new { v.Id, v.ClosesAt }).ToListAsync(ct);
        var closed = 0;
        // Compared in memory: DateTimeOffset comparison is not translated alike by both providers.
        foreach (var vote in due.Where(v => v.ClosesAt <= now))
        {
            if (await RunAsync(vote.Id, ct)) closed++;
        }
        return closed;
    }

    public async Task<bool> RunAsync(Guid voteId, CancellationToken ct)
    {
        var vote = await db.QuickVotes.AsNoTracking().FirstOrDefaultAsync(v => v.Id == voteId, ct);
        var now = time.GetUtcNow();
        // Never opened, or run early (a clock a little ahead on another node): nothing to close yet.
        if (vote?.RoundId is not { } roundId || vote.ClosesAt > now) return false;

        await rounds.CloseAsync(roundId, ct);
        var release = await releases.PublishAsync(vote.SurveyId, roundId, ct);
        if (release.Release is null)
        {
            // Refused (it would tell what a few people voted): the vote is closed all the same,
            // so the recurring run does not try it again every ten minutes; nothing is sent.
            await db.QuickVotes.Where(v => v.Id == voteId && v.ClosedAt == null).ExecuteUpdateAsync(s => s.SetProperty(v => v.ClosedAt, now), ct);
            logger.LogWarning("Vote {Vote} closed without releasing its result: {Status}", voteId, release.Status);
            return false;
        }
        var queued = await sendBack.RunAsync(release.Release.Id, ct);
        await db.QuickVotes.Where(v => v.Id == voteId && v.ClosedAt == null).ExecuteUpdateAsync(s => s.SetProperty(v => v.ClosedAt, now), ct);
        logger.LogInformation("Vote {Vote} closed: {Queued} results queued", voteId, queued);
        return true;
    }
}
