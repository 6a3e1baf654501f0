using CoProduction.Bot.Tests.Infrastructure;
using CoProduction.Scheduling.Jobs;
using Hangfire;
using Hangfire.Storage;
using Microsoft.Extensions.DependencyInjection;

namespace CoProduction.Bot.Tests.Scheduling;

/// <summary>The retention job is a Hangfire recurring job, registered with the others when the service starts.</summary>
public sealed class RetentionJobTests
{
    [Fact]
    public async Task Retention_IsRegistered_ToRunNightly_AndRunsInTheService()
    {
        await using var service = new ServiceFactory();
        service.CreateClient();

        using var connection = service.Services.GetRequiredService<JobStorage>().GetConnection();
        var job = Assert.Single(connection.GetRecurringJobs(), j => j.Id == RecurringJobs.Retention);
        Assert.Equal("30 2 * * *", job.Cron);
        Assert.Equal(typeof(RetentionJob), job.Job.Type);
        await service.RunJobAsync<RetentionJob>(j => j.RunAsync(default));
    }
}
