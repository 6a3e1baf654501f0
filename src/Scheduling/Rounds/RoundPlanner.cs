using CoProduction.Store;
using CoProduction.Store.Invitations;
using CoProduction.Store.Model;
using Microsoft.EntityFrameworkCore;

namespace CoProduction.Scheduling.Rounds;

/// <summary>Creating, closing and reading survey rounds. Invitations are made by <see cref="Jobs.RoundInvitationsJob"/>.</summary>
public sealed class RoundPlanner(StoreDbContext db, TimeProvider time)
{
    public async Task<RoundCreated> CreateAsync(RoundRequest request, CancellationToken ct)
    {
        var problems = new List<string>();
        var now = time.GetUtcNow();
        Survey? survey = null;
        if (string.IsNullOrWhiteSpace(request.Survey)) problems.Add("Say which survey: \"survey\": \"checkin\".");
        else
        {
            survey = await db.Surveys.AsNoTracking().FirstOrDefaultAsync(s => s.Id == request.Survey, ct);
            if (survey is null) problems.Add($"There is no survey with the id '{request.Survey}'.");
            else if (survey.Status != SurveyStatus.Published || survey.PublishedVersion is null) problems.Add($"The survey '{request.Survey}' is not published yet.");
        }
        var groups = (request.Groups ?? []).Select(g => g?.Trim().ToLowerInvariant() ?? "").Where(g => g.Length > 0).Distinct(StringComparer.OrdinalIgnoreCase).ToList();
        if (groups.Count == 0) problems.Add("Say which groups to invite: \"groups\": [\"bristol-homes\"].");
        if (groups.Any(g => g.Contains(';'))) problems.Add("A group name cannot contain ';'.");
        RoundChannel channel = RoundChannel.Preferred;
        switch (request.Channel?.Trim().ToLowerInvariant())
        {
            case null or "" or "preferred": break;
            case "sms": channel = RoundChannel.Sms; break;
            case "voice": channel = RoundChannel.Voice; break;
            default: problems.Add("The channel must be sms, voice or preferred."); break;
        }
        var opens = request.Opens ?? now;
        if (request.Closes is not { } closes) { problems.Add("Say when the round closes: \"closes\": \"2026-03-14T17:00:00Z\"."); closes = default; }
        else if (closes <= opens) problems.Add("The round must close after it opens.");
        else if (closes <= now) problems.Add("The closing time has already passed.");
        if (request.ReminderAfterDays is { } days && !(days > 0 && days <= 365)) problems.Add("reminderAfterDays must be more than 0 and at most 365.");
        if (request.Reminders is { } count && (count < 0 || count > 5)) problems.Add("reminders must be from 0 to 5.");
        if (problems.Count > 0) return new RoundCreated(null, problems);

        var round = new Round
        {
            Id = Guid.CreateVersion7(now),
            SurveyId = survey!.Id,
            Version = survey.PublishedVersion!.Value,
            Groups = string.Join(';', groups),
            Channel = channel,
            OpensAt = opens.ToUniversalTime(),
            ClosesAt = closes.ToUniversalTime(),
            ReminderAfter = request.ReminderAfterDays is { } d ? TimeSpan.FromDays(d) : null,
            Reminders = request.ReminderAfterDays is null ? 0 : request.Reminders ?? 1,
            CreatedAt = now,
        };
        db.Rounds.Add(round);
        await db.SaveChangesAsync(ct);
        return new RoundCreated(round.Id, []);
    }

    /// <summary>Closes a round now: no more reminders, and invitations not yet sent expire.</summary>
    public async Task<bool> CloseAsync(Guid id, CancellationToken ct)
    {
        var now = time.GetUtcNow();
        var round = await db.Rounds.FindAsync([id], ct);
        if (round is null) return false;
        round.ClosedAt ??= now;
        if (round.ClosesAt > now) round.ClosesAt = now;
        await db.SaveChangesAsync(ct);
        await db.Invitations.Where(i => i.RoundId == id && !InvitationStatusRules.Final.Contains(i.Status))
            .ExecuteUpdateAsync(s => s.SetProperty(i => i.ExpiresAt, now).SetProperty(i => i.RemindAt, (DateTimeOffset?)null), ct);
        return true;
    }

    public async Task<IReadOnlyList<RoundProgress>> ListAsync(CancellationToken ct)
    {
        var ids = await db.Rounds.AsNoTracking().OrderByDescending(r => r.CreatedAt).Select(r => r.Id).Take(100).ToListAsync(ct);
        var list = new List<RoundProgress>();
        foreach (var id in ids) list.Add((await ProgressAsync(id, ct))!);
        return list;
    }

    public async Task<RoundProgress?> ProgressAsync(Guid id, CancellationToken ct)
    {
        var round = await db.Rounds.AsNoTracking().FirstOrDefaultAsync(r => r.Id == id, ct);
        if (round is null) return null;
        var invitations = db.Invitations.AsNoTracking().Where(i => i.RoundId == id);
        // One grouped query; the funnel counts come from the timestamps.
        var counts = await invitations
            .GroupBy(i => i.Status)
            .Select(g => new
            {
                Status = g.Key,
                Count = g.Count(),
                Sent = g.Count(i => i.SentAt != null),
                Delivered = g.Count(i => i.DeliveredAt != null),
                Started = g.Count(i => i.StartedAt != null),
                Completed = g.Count(i => i.CompletedAt != null),
            })
            .ToListAsync(ct);
        int Of(InvitationStatus s) => counts.Where(c => c.Status == s).Sum(c => c.Count);
        return new RoundProgress(
            round.Id, round.SurveyId, round.Version, round.Groups, round.Channel.ToString().ToLowerInvariant(),
            round.OpensAt, round.ClosesAt, round.ClosedAt is not null || round.ClosesAt <= time.GetUtcNow(),
            Invited: counts.Sum(c => c.Count),
            Sent: counts.Sum(c => c.Sent),
            Delivered: counts.Sum(c => c.Delivered),
            Started: counts.Sum(c => c.Started),
            Completed: counts.Sum(c => c.Completed),
            OptedOut: Of(InvitationStatus.OptedOut),
            Failed: Of(InvitationStatus.Failed),
            Expired: Of(InvitationStatus.Expired),
            Pending: Of(InvitationStatus.Pending) + Of(InvitationStatus.Sending));
    }

    /// <summary>
    /// Invitations not sent (yet), and sent ones nobody has answered that may not have arrived
    /// whole, grouped by why, newest reasons the senders recorded; waiting ones first.
    /// </summary>
    public async Task<IReadOnlyList<RoundProblem>> ProblemsAsync(Guid id, CancellationToken ct)
    {
        var rows = await db.Invitations.AsNoTracking()
            .Where(i => i.RoundId == id && i.LastError != null
                        && (i.Status == InvitationStatus.Pending || i.Status == InvitationStatus.Sending || i.Status == InvitationStatus.Failed
                            || i.Status == InvitationStatus.Sent || i.Status == InvitationStatus.Delivered))
            .GroupBy(i => new { i.Status, i.LastError })
            .Select(g => new { g.Key.Status, g.Key.LastError, Count = g.Count() })
            .ToListAsync(ct);
        return rows
            .GroupBy(r => (Kind: KindOf(r.Status), r.LastError))
            .Select(g => new RoundProblem(g.Sum(r => r.Count), g.Key.LastError!, g.Key.Kind == RoundProblemKind.Waiting, g.Key.Kind == RoundProblemKind.WentOut))
            .OrderByDescending(p => p.WillRetry).ThenBy(p => p.WentOut).ThenByDescending(p => p.Count).ToList();
    }

    private enum RoundProblemKind { Waiting, GaveUp, WentOut }

    private static RoundProblemKind KindOf(InvitationStatus status) => status switch
    {
        InvitationStatus.Failed => RoundProblemKind.GaveUp,
        InvitationStatus.Sent or InvitationStatus.Delivered => RoundProblemKind.WentOut,
        _ => RoundProblemKind.Waiting,
    };
}
