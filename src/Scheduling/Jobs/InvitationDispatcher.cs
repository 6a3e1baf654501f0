using CoProduction.Scheduling.Dispatch;
using CoProduction.Scheduling.Politeness;
using CoProduction.Scheduling.Starting;
using CoProduction.Store;
using CoProduction.Store.Invitations;
using CoProduction.Store.Model;
using CoProduction.Store.OptOuts;
using CoProduction.Store.Telemetry;
using CoProduction.Surveys.Definitions;
using CoProduction.Surveys.Engine;
using Hangfire;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace CoProduction.Scheduling.Jobs;

/// <summary>
/// Sends due invitations and reminders, a batch at a time, politely: never to someone opted out
/// (checked at the moment of sending, so a STOP that arrives after scheduling wins), never in
/// their quiet hours, never while they have another survey open, and never faster than the
/// sending number's rate (counted in messages, in the store, across nodes). Each invitation is claimed in the store (Pending -> Sending, a
/// conditional update only one run can win) before it is sent, so it goes out once even when
/// this job runs twice or on two servers.
/// </summary>
public sealed class InvitationDispatcher(
    StoreDbContext db,
    ISurveyStarter starter,
    SendRateLimiter limiter,
    SharedSendWindow window,
    TimeProvider time,
    IOptions<SchedulingOptions> options,
    IOptions<EngineOptions> engineOptions,
    CoProductionTelemetry telemetry,
    ILogger<InvitationDispatcher> logger)
{
    /// <summary>How long to wait before looking again at someone who has another survey open.</summary>
    public static readonly TimeSpan BusyRecheck = TimeSpan.FromMinutes(30);

    /// <summary>How long before its slot the last checks (STOP, the hand-over note) run: after it, their time slowed every send.</summary>
    public static readonly TimeSpan CheckLead = TimeSpan.FromMilliseconds(10);

    private SchedulingOptions Settings => options.Value;
    private readonly Dictionary<Guid, Round?> _rounds = new();

    [DisableConcurrentExecution(timeoutInSeconds: 10)]
    [AutomaticRetry(Attempts = 0, OnAttemptsExceeded = AttemptsExceededAction.Delete)]
    public async Task<DispatchReport> RunAsync(CancellationToken ct)
    {
        var report = new DispatchReport();
        var started = time.GetTimestamp();
        // Runs are one at a time across servers, so no live run's claim is taken for an interrupted one.
        report.Interrupted = await InterruptedSends.SortOutAsync(db, time.GetUtcNow(), Settings.StaleSendingAfter, ct);
        if (report.Interrupted > 0) logger.LogWarning("{Count} invitations were left sending by a stopped server and are sorted out", report.Interrupted);
        var quiet = new QuietHours(Settings.QuietHoursStart, Settings.QuietHoursEnd);
        while (!ct.IsCancellationRequested && time.GetElapsedTime(started) < Settings.DispatchTimeBudget)
        {
            var now = time.GetUtcNow();
            var batch = await db.Invitations.AsNoTracking()
                .Where(i => i.Status == InvitationStatus.Pending && i.NotBefore <= now && i.ExpiresAt > now)
                .OrderBy(i => i.NotBefore)
                .Take(Math.Max(1, Settings.BatchSize))
                .ToListAsync(ct);
            var reminders = await db.Invitations.AsNoTracking()
                .Where(i => (i.Status == InvitationStatus.Sent || i.Status == InvitationStatus.Delivered)
                            && i.RemindAt != null && i.RemindAt <= now && i.ExpiresAt > now)
                .OrderBy(i => i.RemindAt)
                .Take(Math.Max(1, Settings.BatchSize))
                .ToListAsync(ct);
            if (batch.Count == 0 && reminders.Count == 0) break;

            var people = await PeopleAsync(batch.Concat(reminders), ct);
            // Who has another survey open, asked once for about a second's sends; someone reached earlier in it is, now.
            foreach (var chunk in batch.Chunk(Math.Clamp((int)Math.Ceiling(Settings.MessagesPerSecond), 1, 100)))
            {
                var busy = await BusyPeople.InvitationsAsync(db, chunk, time.GetUtcNow() - engineOptions.Value.SessionLifetime, time.GetUtcNow(), ct);
                var reached = new HashSet<Guid>();
                foreach (var invitation in chunk)
                {
                    if (ct.IsCancellationRequested || time.GetElapsedTime(started) >= Settings.DispatchTimeBudget) return report;
                    await SendAsync(invitation, people.GetValueOrDefault(invitation.PersonId), quiet, reminder: false, report, ct,
                        busy: busy.Contains(invitation.Id) || reached.Contains(invitation.PersonId));
                    reached.Add(invitation.PersonId);
                }
            }
            foreach (var invitation in reminders)
            {
                if (ct.IsCancellationRequested || time.GetElapsedTime(started) >= Settings.DispatchTimeBudget) return report;
                await SendAsync(invitation, people.GetValueOrDefault(invitation.PersonId), quiet, reminder: true, report, ct);
            }
        }
        return report;
    }

    private sealed record Recipient(Guid Id, string? Phone, string? TimeZone, string? Language);
    private async Task<Dictionary<Guid, Recipient>> PeopleAsync(IEnumerable<Invitation> invitations, CancellationToken ct)
    {
        var ids = invitations.Select(i => i.PersonId).Distinct().ToList();
        return await db.People.AsNoTracking().Where(p => ids.Contains(p.Id))
            .Select(p => new Recipient(p.Id, p.Phone, p.TimeZone, p.Language))
            .ToDictionaryAsync(p => p.Id, ct);
    }

    private async Task SendAsync(Invitation invitation, Recipient? person, QuietHours quiet, bool reminder, DispatchReport report, CancellationToken ct, bool busy = false)
    {
        var now = time.GetUtcNow();
        if (person is null)
        {
            await FinishAsync(invitation.Id, InvitationStatus.Failed, "The person is no longer in the store.", ct);
            report.Failed++;
            return;
        }
        var zone = LocalTime.ZoneOrDefault(person.TimeZone, Settings.DefaultTimeZone);
        var allowed = quiet.NextAllowed(now, zone);
        if (allowed > now)
        {
            await DeferAsync(invitation, allowed, reminder, ct);
            report.Deferred++;
            return;
        }
        if (!reminder && busy)
        {
            await DeferAsync(invitation, now + BusyRecheck, reminder, ct);
            report.Deferred++;
            return;
        }
        if (!await ClaimAsync(invitation, reminder, now, ct))
        {
            report.Skipped++;
            return;
        }

        var sendingNumber = Settings.SendingNumber ?? "default";
        var slot = await limiter.TakeAsync(sendingNumber, ct);
        await limiter.UntilAsync(slot - CheckLead, ct);
        // The wait may have been long: look again, above all, at STOP.
        if (await OptOutRegister.IsOptedOutAsync(db, person.Phone, person.Id, ct))
        {
            await FinishAsync(invitation.Id, InvitationStatus.OptedOut, "They opted out before it was sent.", ct);
            report.OptedOut++;
            return;
        }

        // The rest of a start that went in part: only while their session is where the start left it.
        var unsent = reminder ? null : UnsentTexts.Read(invitation.UnsentTexts);
        if (unsent is not null && await UnsentTexts.MovedOnAsync(db, invitation.Id, unsent, ct) is { } movedOn)
        {
            logger.LogInformation("The rest of invitation {Invitation}'s first texts was not sent: the survey had moved on", invitation.Id);
            await RecordAsync(invitation.Id, person, new StartResult(StartOutcome.Sent, Reason: movedOn), reminder, report, ct);
            return;
        }

        if (!reminder) await MarkHandedOverAsync(invitation.Id, ct);
        await limiter.UntilAsync(slot, ct);
        // Waits while the second before would hold too many (other nodes' sends, late ones), and counts this one in it.
        var result = await WindowedStart.RunAsync(window, starter, logger, sendingNumber, new SurveyStart(
            invitation.Id, invitation.PersonId, invitation.SurveyId, invitation.Version, invitation.Channel,
            person.Phone, invitation.Token, reminder, invitation.Kind, person.Language,
            unsent?.Texts), ct);
        // The rate counts messages: the texts after the first take the next slots. Not cancellable: they went whatever happens to this run.
        if (result.Messages > 1) await limiter.ChargeAsync(sendingNumber, result.Messages - 1, slot, CancellationToken.None);
        await RecordAsync(invitation.Id, person, result, reminder, report, ct);
    }

    /// <summary>
    /// Written before Twilio is asked: should this node stop before the answer is recorded, the
    /// invitation is known to have maybe gone, and is never sent again (<see cref="InterruptedSends"/>).
    /// A reminder needs none: its claim already used it up.
    /// </summary>
    private async Task MarkHandedOverAsync(Guid id, CancellationToken ct)
    {
        var now = time.GetUtcNow();
        await db.Invitations.Where(i => i.Id == id && i.Status == InvitationStatus.Sending)
            .ExecuteUpdateAsync(s => s.SetProperty(i => i.HandedOverAt, (DateTimeOffset?)now), ct);
    }

    private async Task DeferAsync(Invitation invitation, DateTimeOffset until, bool reminder, CancellationToken ct)
    {
        var id = invitation.Id;
        if (reminder)
        {
            var old = invitation.RemindAt;
            await db.Invitations.Where(i => i.Id == id && i.RemindAt == old).ExecuteUpdateAsync(s => s.SetProperty(i => i.RemindAt, until), ct);
        }
        else
        {
            await db.Invitations.Where(i => i.Id == id && i.Status == InvitationStatus.Pending).ExecuteUpdateAsync(s => s.SetProperty(i => i.NotBefore, until), ct);
        }
    }

    /// <summary>The store decides who sends: only one conditional update can move the row.</summary>
    private async Task<bool> ClaimAsync(Invitation invitation, bool reminder, DateTimeOffset now, CancellationToken ct)
    {
        var id = invitation.Id;
        if (reminder)
        {
            var old = invitation.RemindAt;
            return await db.Invitations
                .Where(i => i.Id == id && i.RemindAt == old && (i.Status == InvitationStatus.Sent || i.Status == InvitationStatus.Delivered))
                .ExecuteUpdateAsync(s => s.SetProperty(i => i.RemindAt, (DateTimeOffset?)null).SetProperty(i => i.RemindersSent, i => i.RemindersSent + 1), ct) == 1;
        }
        return await db.Invitations
            .Where(i => i.Id == id && i.Status == InvitationStatus.Pending)
            .ExecuteUpdateAsync(s => s
                .SetProperty(i => i.Status, InvitationStatus.Sending)
                .SetProperty(i => i.Attempts, i => i.Attempts + 1)
                .SetProperty(i => i.NotBefore, now), ct) == 1;
    }

    private async Task RecordAsync(Guid id, Recipient person, StartResult result, bool reminder, DispatchReport report, CancellationToken ct)
    {
        // Not cancellable: once sent, the store must say so, or a later run would send again.
        var none = CancellationToken.None;
        db.ChangeTracker.Clear();
        var invitation = await db.Invitations.FindAsync([id], none);
        if (invitation is null) return;
        var now = time.GetUtcNow();
        // What Twilio said is known now.
        invitation.HandedOverAt = null;
        telemetry.RecordSend(invitation.Channel.ToName(), result.Outcome switch
        {
            StartOutcome.Sent => "sent",
            StartOutcome.OptedOut => "opted-out",
            StartOutcome.Retry => "retry",
            _ => "failed",
        });
        switch (result.Outcome)
        {
            case StartOutcome.Sent:
                InvitationProgress.Advance(invitation, InvitationStatus.Sent, now);
                invitation.ProviderId = result.ProviderId;
                invitation.LastError = result.Reason;
                invitation.RemindAt = await NextReminderAsync(invitation, now, none);
                // A results text asks nothing back: sent is done. A results call is done when it is answered.
                if (invitation.Kind == InvitationKind.Results && invitation.Channel != Channel.Voice)
                {
                    InvitationProgress.Advance(invitation, InvitationStatus.Completed, now);
                }
                if (reminder) report.Reminded++; else report.Sent++;
                break;

            case StartOutcome.OptedOut:
                await OptOutRegister.RecordAsync(db, person.Phone, person.Id, OptOutRegister.Carrier, ourNumber: null, now, none);
                InvitationProgress.Advance(invitation, InvitationStatus.OptedOut, now, result.Reason ?? "The carrier says they opted out.");
                report.OptedOut++;
                break;

            case StartOutcome.Retry when reminder:
            case StartOutcome.Failed when reminder:
                // A reminder that does not go is not tried again; the invitation itself stands.
                invitation.LastError = result.Reason;
                report.Failed++;
                break;
            case StartOutcome.Retry when InvitationRetry.CanRetry(invitation, Settings):
                InvitationRetry.Requeue(invitation, Settings, now, result.Reason);
                report.Retried++;
                break;

            default:
                InvitationProgress.Advance(invitation, InvitationStatus.Failed, now, result.Reason ?? "It could not be sent.");
                report.Failed++;
                break;
        }
        // What a start sent in part left to send waits with the invitation; sent or failed, nothing does.
        invitation.UnsentTexts = invitation.Status != InvitationStatus.Pending ? null
            : result.Unsent is { Count: > 0 } ? UnsentTexts.Write(result.Unsent, await UnsentTexts.RevisionAsync(db, id, none))
            : invitation.UnsentTexts;
        if (invitation.Status.IsFinal() && invitation.Kind == InvitationKind.Checkin)
        {
            var row = await db.People.FindAsync([invitation.PersonId], none);
            if (row is not null) InvitationProgress.MoveCheckinOn(invitation, row);
        }
        await db.SaveChangesAsync(none);
        db.ChangeTracker.Clear();
    }

    private async Task<DateTimeOffset?> NextReminderAsync(Invitation invitation, DateTimeOffset now, CancellationToken ct)
    {
        if (invitation.RoundId is not { } roundId) return null;
        if (!_rounds.TryGetValue(roundId, out var round))
        {
            round = await db.Rounds.AsNoTracking().FirstOrDefaultAsync(r => r.Id == roundId, ct);
            _rounds[roundId] = round;
        }
        if (round is not { ReminderAfter: { } after } || round.ClosedAt is not null || invitation.RemindersSent >= round.Reminders) return null;
        var at = now + after;
        return at < invitation.ExpiresAt ? at : null;
    }

    private async Task FinishAsync(Guid id, InvitationStatus status, string reason, CancellationToken ct)
    {
        db.ChangeTracker.Clear();
        await InvitationProgress.AdvanceAsync(db, id, status, time.GetUtcNow(), CancellationToken.None, reason);
        // Finished: nothing kept for a retry stays.
        if (db.Invitations.Local.FirstOrDefault(i => i.Id == id) is { } row) row.UnsentTexts = null;
        await db.SaveChangesAsync(CancellationToken.None);
        db.ChangeTracker.Clear();
        _ = ct;
    }
}
