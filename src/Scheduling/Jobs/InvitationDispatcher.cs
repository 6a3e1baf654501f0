using CoProduction.Scheduling.Dispatch;
using CoProduction.Scheduling.Politeness;
using CoProduction.Scheduling.Starting;
using CoProduction.Store;
using CoProduction.Store.Model;
using CoProduction.Store.OptOuts;
using CoProduction.Store.Telemetry;
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
/// <para>
/// This class is the order of a send (which invitations are due, then for each: quiet hours, busy, the claim,
/// the rate's slot, STOP once more, the start); the row's conditional updates are <see cref="InvitationClaims"/>,
/// and what the start's answer does to the invitation is <see cref="SendOutcomes"/>.
/// </para>
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
    private SendOutcomes? _outcomes;

    // What each send's answer does to its invitation; one run's rounds read once for their reminders.
    private SendOutcomes Outcomes => _outcomes ??= new SendOutcomes(db, Settings, time, telemetry);

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
            await InvitationClaims.FinishAsync(db, invitation.Id, InvitationStatus.Failed, "The person is no longer in the store.", time.GetUtcNow());
            report.Failed++;
            return;
        }
        var zone = LocalTime.ZoneOrDefault(person.TimeZone, Settings.DefaultTimeZone);
        var allowed = quiet.NextAllowed(now, zone);
        if (allowed > now)
        {
            await InvitationClaims.DeferAsync(db, invitation, allowed, reminder, ct);
            report.Deferred++;
            return;
        }
        if (!reminder && busy)
        {
            await InvitationClaims.DeferAsync(db, invitation, now + BusyRecheck, reminder, ct);
            report.Deferred++;
            return;
        }
        if (!await InvitationClaims.ClaimAsync(db, invitation, reminder, now, ct))
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
            await InvitationClaims.FinishAsync(db, invitation.Id, InvitationStatus.OptedOut, "They opted out before it was sent.", time.GetUtcNow());
            report.OptedOut++;
            return;
        }

        // The rest of a start that went in part: only while their session is where the start left it.
        var unsent = reminder ? null : UnsentTexts.Read(invitation.UnsentTexts);
        if (unsent is not null && await UnsentTexts.MovedOnAsync(db, invitation.Id, unsent, ct) is { } movedOn)
        {
            logger.LogInformation("The rest of invitation {Invitation}'s first texts was not sent: the survey had moved on", invitation.Id);
            await Outcomes.RecordAsync(invitation.Id, person, new StartResult(StartOutcome.Sent, Reason: movedOn), reminder, report);
            return;
        }

        if (!reminder) await InvitationClaims.MarkHandedOverAsync(db, invitation.Id, time.GetUtcNow(), ct);
        await limiter.UntilAsync(slot, ct);
        // Waits while the second before would hold too many (other nodes' sends, late ones), and counts this one in it.
        var result = await WindowedStart.RunAsync(window, starter, logger, sendingNumber, new SurveyStart(
            invitation.Id, invitation.PersonId, invitation.SurveyId, invitation.Version, invitation.Channel,
            person.Phone, invitation.Token, reminder, invitation.Kind, person.Language,
            unsent?.Texts), ct);
        // The rate counts messages: the texts after the first take the next slots. Not cancellable: they went whatever happens to this run.
        if (result.Messages > 1) await limiter.ChargeAsync(sendingNumber, result.Messages - 1, slot, CancellationToken.None);
        await Outcomes.RecordAsync(invitation.Id, person, result, reminder, report);
    }
}
