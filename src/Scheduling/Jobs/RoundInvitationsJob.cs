using CoProduction.Scheduling.Dispatch;
using CoProduction.Store;
using CoProduction.Store.Model;
using CoProduction.Surveys.Definitions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace CoProduction.Scheduling.Jobs;

/// <summary>
/// Makes one invitation per person in a round's groups, in batches. Takes the round id; safe to
/// run twice (or on two servers): each invitation's key is "round + person".
/// </summary>
public sealed class RoundInvitationsJob(
    StoreDbContext db, TimeProvider time, IOptions<SchedulingOptions> options, ILogger<RoundInvitationsJob> logger)
{
    public async Task<int> RunAsync(Guid roundId, CancellationToken ct)
    {
        var round = await db.Rounds.AsNoTracking().FirstOrDefaultAsync(r => r.Id == roundId, ct);
        var now = time.GetUtcNow();
        if (round is null || round.ClosedAt is not null || round.ClosesAt <= now) return 0;

        var groups = round.GroupList.ToList();
        // Who is in the groups, a page at a time from the groups' key (Group, PersonId), so a
        // small group does not scan every person and a million people are never all in memory.
        var created = 0;
        var people = 0;
        var notBefore = round.OpensAt > now ? round.OpensAt : now;
        var ids = new Bulk.TimeOrderedIds(now);
        await using (await InvitationWriter.HoldAsync(db, ct))
        await foreach (var page in PersonPages.InGroupsAsync(db, groups, Math.Max(1, options.Value.BatchSize), ct))
        {
            people += page.Count;
            var candidates = page.Select(p => InvitationFactory.New(
                InvitationFactory.RoundKey(round.Id, p.Id), InvitationKind.Round, round.Id, p.Id, round.SurveyId, round.Version,
                ChannelFor(round.Channel, p.PreferredChannel), notBefore, round.ClosesAt, now)).ToList();
            created += await InvitationWriter.AddMissingAsync(db, candidates, ct, ids);
        }

        await db.Rounds.Where(r => r.Id == roundId && r.InvitationsCreatedAt == null)
            .ExecuteUpdateAsync(s => s.SetProperty(r => r.InvitationsCreatedAt, now), ct);
        logger.LogInformation("Round {Round}: {Created} invitations created for {People} people", roundId, created, people);
        return created;
    }

    internal static Channel ChannelFor(RoundChannel round, Channel? preferred) => round switch
    {
        RoundChannel.Sms => Channel.Sms,
        RoundChannel.Voice => Channel.Voice,
        _ => preferred ?? Channel.Sms,
    };
}
