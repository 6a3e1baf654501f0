using CoProduction.Scheduling.Dispatch;
using CoProduction.Scheduling.Politeness;
using CoProduction.Store;
using CoProduction.Store.Model;
using CoProduction.Surveys.Definitions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace CoProduction.Scheduling.Jobs;

/// <summary>
/// The one daily "who is due" job for yearly check-ins (never one job per person): reads the
/// people whose next check-in date has come, by the indexed date column, and invites them in
/// batches. An invitation is not sent before the end of quiet hours on the due date in the
/// person's own time zone. Safe to run twice: each key is "person + due date".
/// </summary>
public sealed class CheckinJob(StoreDbContext db, TimeProvider time, IOptions<SchedulingOptions> options, ILogger<CheckinJob> logger)
{
    /// <summary>The recurring run: today by the UTC clock.</summary>
    public Task<int> RunAsync(CancellationToken ct) => RunForDayAsync(DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime), ct);

    public async Task<int> RunForDayAsync(DateOnly today, CancellationToken ct)
    {
        var settings = options.Value;
        var survey = await db.Surveys.AsNoTracking()
            .Where(s => s.Id == settings.CheckinSurvey && s.Status == SurveyStatus.Published && s.PublishedVersion != null)
            .Select(s => new { s.Id, Version = s.PublishedVersion!.Value })
            .FirstOrDefaultAsync(ct);
        if (survey is null)
        {
            logger.LogWarning("No check-ins sent: the check-in survey '{Survey}' is not published", settings.CheckinSurvey);
            return 0;
        }

        // Tomorrow too: for people east of UTC, tomorrow has already begun.
        var horizon = today.AddDays(1);
        var now = time.GetUtcNow();
        var quietEnd = settings.QuietHoursEnd;
        var created = 0;
        var due = 0;
        // A page at a time: a day of check-ins for a million people is never all in memory.
        var ids = new Bulk.TimeOrderedIds(now);
        await using (await InvitationWriter.HoldAsync(db, ct))
        await foreach (var page in PersonPages.DueByAsync(db, horizon, Math.Max(1, settings.BatchSize), ct))
        {
            due += page.Count;
            var candidates = page.Select(p =>
            {
                var date = p.NextCheckin!.Value;
                var zone = LocalTime.ZoneOrDefault(p.TimeZone, settings.DefaultTimeZone);
                var notBefore = LocalTime.ToInstant(date, quietEnd, zone);
                var opens = notBefore > now ? notBefore : now;
                return InvitationFactory.New(
                    InvitationFactory.CheckinKey(p.Id, date), InvitationKind.Checkin, null, p.Id, survey.Id, survey.Version,
                    p.PreferredChannel ?? Channel.Sms, notBefore, opens + settings.CheckinWindow, now, date);
            }).ToList();
            created += await InvitationWriter.AddMissingAsync(db, candidates, ct, ids);
        }
        logger.LogInformation("Check-ins for {Day}: {Created} invitations created, {Due} people due", today, created, due);
        return created;
    }
}
