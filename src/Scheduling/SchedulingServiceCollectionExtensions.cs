using CoProduction.Scheduling.Delivery;
using CoProduction.Scheduling.Jobs;
using CoProduction.Scheduling.Links;
using CoProduction.Scheduling.People;
using CoProduction.Scheduling.Politeness;
using CoProduction.Scheduling.Rounds;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace CoProduction.Scheduling;

public static class SchedulingServiceCollectionExtensions
{
    /// <summary>
    /// People import, rounds, check-ins, the dispatcher and its politeness rules. The host adds
    /// an <see cref="Starting.ISurveyStarter"/> and Hangfire (storage, server, dashboard).
    /// </summary>
    public static IServiceCollection AddScheduling(this IServiceCollection services)
    {
        services.AddOptions<SchedulingOptions>()
            .BindConfiguration(SchedulingOptions.Section)
            .Validate(o => o.MessagesPerSecond is > 0 and <= 100, SchedulingOptions.RateError)
            .Validate(o => o.HasValidTimeZone, SchedulingOptions.TimeZoneError)
            .Validate(o => o.BatchSize is >= 1 and <= 5000 && o.MaxAttempts is >= 1 and <= 20, SchedulingOptions.BatchError)
            .Validate(o => o.JobLockTimeout >= TimeSpan.FromSeconds(1) && o.JobLockTimeout <= TimeSpan.FromHours(1), SchedulingOptions.JobLockError)
            .ValidateOnStart();
        services.AddOptions<Surveys.Engine.EngineOptions>();
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<SendRateLimiter>();
        services.TryAddSingleton<SharedSendWindow>();
        services.TryAddScoped<PeopleImporter>();
        services.TryAddScoped<RoundPlanner>();
        services.TryAddScoped<DeliveryReports>();
        services.TryAddScoped<IInvitationLinks, StoreInvitationLinks>();
        services.TryAddScoped<RoundInvitationsJob>();
        services.TryAddScoped<CheckinJob>();
        services.TryAddScoped<HousekeepingJob>();
        services.TryAddScoped<RetentionJob>();
        services.TryAddScoped<InvitationDispatcher>();
        services.TryAddScoped<ResultsSendBackJob>();
        services.TryAddScoped<VoteClosingJob>();
        services.TryAddScoped<Votes.QuickVotes>();
        return services;
    }
}
