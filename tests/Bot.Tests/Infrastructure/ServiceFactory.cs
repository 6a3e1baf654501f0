using Microsoft.Extensions.DependencyInjection;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;

namespace CoProduction.Bot.Tests.Infrastructure;

/// <summary>
/// The whole service in memory (real HTTP pipeline, real SQLite in a temp folder), configured as
/// an organisation would: a Twilio token (so signatures are real), a staff key, the demo surveys.
/// </summary>
public sealed class ServiceFactory : WebApplicationFactory<Program>
{
    public const string AuthToken = "0123456789abcdef0123456789abcdef";
    public const string StaffKey = "test-staff-key-0123456789";
    public const string OurNumber = "+447700900000";

    public string DataDirectory { get; } = Path.Combine(Path.GetTempPath(), "coproduction-tests", Guid.NewGuid().ToString("N"));

    public Dictionary<string, string?> Settings { get; } = new();

    /// <summary>The host's environment; "Development" switches HTTPS redirection and HSTS off.</summary>
    public string EnvironmentName { get; set; } = "Testing";

    /// <summary>Makes the service's store fail on demand (inert until armed).</summary>
    public FailingStore Store { get; } = new();
    /// <summary>Services a test adds or replaces (a log capture, say).</summary>
    public Action<IServiceCollection>? ExtraServices { get; set; }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        Directory.CreateDirectory(DataDirectory);
        builder.UseEnvironment(EnvironmentName);
        var settings = new Dictionary<string, string?>
        {
            ["Data:Directory"] = DataDirectory,
            ["ConnectionStrings:Store"] = $"Data Source={Path.Combine(DataDirectory, "store.db")}",
            ["Twilio:AuthToken"] = AuthToken,
            ["Twilio:PhoneNumber"] = OurNumber,
            ["Twilio:SendMode"] = "Outbox",
            ["Staff:ApiKey"] = StaffKey,
            // Every test signs in from the same address; the limit itself is tested in SignInLimitTests.
            ["Accounts:SignInAttemptsPerMinute"] = "1000",
            // Tests run scheduling jobs directly: no Hangfire server polling in the background.
            ["Scheduling:RunJobServer"] = "false",
            ["Scheduling:JobStorage"] = "InMemory",
        };
        foreach (var (key, value) in Settings) settings[key] = value;
        foreach (var (key, value) in settings) builder.UseSetting(key, value);
        builder.ConfigureServices(services => services.AddSingleton<Microsoft.EntityFrameworkCore.Diagnostics.IInterceptor>(Store));
        if (ExtraServices is { } extra) builder.ConfigureServices(extra);
    }

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        try
        {
            Directory.Delete(DataDirectory, recursive: true);
        }
        catch (IOException)
        {
            // SQLite may still hold the file for a moment; the temp folder is cleaned by the OS.
        }
    }

    /// <summary>
    /// A service for scheduling tests: no quiet hours (so they pass at any time of day) and a fast
    /// sender. Jobs are run directly with <see cref="RunJobAsync{TJob}"/>, as Hangfire would.
    /// </summary>
    public static ServiceFactory ForScheduling()
    {
        var factory = new ServiceFactory();
        factory.Settings["Scheduling:QuietHoursStart"] = "00:00";
        factory.Settings["Scheduling:QuietHoursEnd"] = "00:00";
        factory.Settings["Scheduling:MessagesPerSecond"] = "20";
        return factory;
    }

    /// <summary>Runs one job in its own scope, as Hangfire does.</summary>
    public async Task RunJobAsync<TJob>(Func<TJob, Task> run) where TJob : notnull
    {
        await using var scope = Services.CreateAsyncScope();
        await run(scope.ServiceProvider.GetRequiredService<TJob>());
    }

    /// <summary>The results API for one survey, as staff see it.</summary>
    public async Task<System.Text.Json.JsonElement> ResultsAsync(string surveyId)
    {
        var response = await StaffClient().GetAsync($"/api/surveys/{surveyId}/results");
        Assert.Equal(System.Net.HttpStatusCode.OK, response.StatusCode);
        return await Json.ReadAsync(response);
    }

    public HttpClient StaffClient()
    {
        var client = CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        client.DefaultRequestHeaders.Add("X-Api-Key", StaffKey);
        return client;
    }

    public CoProduction.Phone.SimulatedCall Call(string from = "+447700900123") =>
        new(CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false }), new Uri("http://localhost"), AuthToken, from, OurNumber);

    public TestPhone Phone(string from = "+447700900123") =>
        new(CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false }), AuthToken, from, OurNumber);
}
