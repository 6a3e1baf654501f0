using Hangfire;
using Hangfire.Common;
using Hangfire.States;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace CoProduction.Bot.Tests.Infrastructure;

/// <summary>
/// A job queue that takes new jobs but refuses continuations (a job waiting on another), with the
/// exception Hangfire's client throws when its storage fails between the two calls.
/// </summary>
public sealed class ContinuationRefusingJobClient(IBackgroundJobClient inner) : IBackgroundJobClient
{
    public string Create(Job job, IState state) => state is AwaitingState
        ? throw new BackgroundJobClientException("Background job creation failed. See inner exception for details.", new InvalidOperationException("The job storage is out of reach."))
        : inner.Create(job, state);

    public bool ChangeState(string jobId, IState state, string expectedState) => inner.ChangeState(jobId, state, expectedState);

    /// <summary>Makes the service's job client queue onto its own storage, refusing continuations only.</summary>
    public static void Use(IServiceCollection services) =>
        services.Replace(ServiceDescriptor.Singleton<IBackgroundJobClient>(sp => new ContinuationRefusingJobClient(new BackgroundJobClient(sp.GetRequiredService<JobStorage>()))));
}
