using Hangfire;

namespace CoProduction.Scheduling.Jobs;

/// <summary>Every recurring job, registered in this one place at start.</summary>
public static class RecurringJobs
{
    public const string Dispatch = "dispatch-invitations";
    public const string Checkins = "yearly-checkins";
    public const string Housekeeping = "expire-invitations";
    public const string Retention = "privacy-retention";
    public const string Votes = "close-due-votes";

    public static void Register(IRecurringJobManager jobs)
    {
        // Every minute; one run at a time across servers, sending until its time budget is spent.
        jobs.AddOrUpdate<InvitationDispatcher>(Dispatch, d => d.RunAsync(CancellationToken.None), Cron.Minutely());
        // Once a day, shortly after midnight UTC: who is due today or tomorrow (for zones east of UTC).
        jobs.AddOrUpdate<CheckinJob>(Checkins, j => j.RunAsync(CancellationToken.None), Cron.Daily(0, 5));
        jobs.AddOrUpdate<HousekeepingJob>(Housekeeping, j => j.RunAsync(CancellationToken.None), "*/10 * * * *");
        // Nightly, when little else writes; its batches keep each statement short anyway.
        jobs.AddOrUpdate<RetentionJob>(Retention, j => j.RunAsync(CancellationToken.None), Cron.Daily(2, 30));
        // Each vote has its own job at its closing time; this catches any that did not run.
        jobs.AddOrUpdate<VoteClosingJob>(Votes, j => j.RunDueAsync(CancellationToken.None), "*/10 * * * *");
    }
}
