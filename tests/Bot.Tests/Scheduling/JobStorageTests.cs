using CoProduction.Bot.Tests.Infrastructure;

namespace CoProduction.Bot.Tests.Scheduling;

/// <summary>Hangfire's SQLite file goes with the store it schedules for, wherever that store lives.</summary>
public sealed class JobStorageTests
{
    [Fact]
    public async Task TheJobFile_LivesBesideTheStoreFile_WhenTheStoreIsOutsideTheDataFolder()
    {
        var elsewhere = Path.Combine(Path.GetTempPath(), "coproduction-tests", Guid.NewGuid().ToString("N"));
        await using var service = new ServiceFactory();
        service.Settings["ConnectionStrings:Store"] = $"Data Source={Path.Combine(elsewhere, "north.db")}";
        service.Settings["Scheduling:JobStorage"] = null;

        var health = await service.CreateClient().GetAsync("/health");

        Assert.Equal(System.Net.HttpStatusCode.OK, health.StatusCode);
        Assert.True(File.Exists(Path.Combine(elsewhere, "north.hangfire.db")));
        Assert.Empty(Directory.GetFiles(service.DataDirectory, "*hangfire*"));
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try { Directory.Delete(elsewhere, recursive: true); } catch (IOException) { }
    }

    [Fact]
    public async Task WithNoConnectionString_TheStoreAndItsJobs_AreInTheDataFolder()
    {
        await using var service = new ServiceFactory();
        service.Settings["ConnectionStrings:Store"] = null;
        service.Settings["Scheduling:JobStorage"] = null;

        var health = await service.CreateClient().GetAsync("/health");

        Assert.Equal(System.Net.HttpStatusCode.OK, health.StatusCode);
        Assert.True(File.Exists(Path.Combine(service.DataDirectory, "coproduction.db")));
        Assert.True(File.Exists(Path.Combine(service.DataDirectory, "coproduction.hangfire.db")));
    }
}
