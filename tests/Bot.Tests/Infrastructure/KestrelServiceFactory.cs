using System.Net;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace CoProduction.Bot.Tests.Infrastructure;

/// <summary>
/// The whole wired service on a real Kestrel port (127.0.0.1, chosen by the OS): WebSockets and a
/// browser need a real socket, which TestServer does not give. Real SQLite in a temp folder, a
/// staff key, the demo surveys; no Direct Line secret configured, so the host makes its local one
/// as a fresh checkout does.
/// </summary>
public sealed class KestrelServiceFactory : WebApplicationFactory<Program>
{
    public const string StaffKey = "test-staff-key-0123456789";

    public string DataDirectory { get; } = Path.Combine(Path.GetTempPath(), "coproduction-tests", Guid.NewGuid().ToString("N"));

    public Dictionary<string, string?> Settings { get; } = new();

    /// <summary>Extra service registrations (a fake invitation lookup, say), applied after the app's own.</summary>
    public Action<IServiceCollection>? TestServices { get; set; }

    public Uri BaseAddress { get; private set; } = null!;

    /// <summary>Starts Kestrel and returns the address it listens on.</summary>
    public Uri Start()
    {
        UseKestrel(k => k.Listen(IPAddress.Loopback, 0));
        StartServer();
        var address = Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        BaseAddress = new Uri(address.TrimEnd('/') + "/");
        return BaseAddress;
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        Directory.CreateDirectory(DataDirectory);
        builder.UseEnvironment("Testing");
        var settings = new Dictionary<string, string?>
        {
            ["Data:Directory"] = DataDirectory,
            ["ConnectionStrings:Store"] = $"Data Source={Path.Combine(DataDirectory, "store.db")}",
            ["Twilio:AuthToken"] = "0123456789abcdef0123456789abcdef",
            ["Twilio:PhoneNumber"] = "+447700900000",
            ["Twilio:SendMode"] = "Outbox",
            ["Staff:ApiKey"] = StaffKey,
            // Every test signs in from the same address; the limit itself is tested in SignInLimitTests.
            ["Accounts:SignInAttemptsPerMinute"] = "1000",
            // Every test starts chats from 127.0.0.1; the limit itself is tested in Channels.Tests.
            ["DirectLine:TokenRequestsPerMinute"] = "1000",
        };
        foreach (var (key, value) in Settings) settings[key] = value;
        foreach (var (key, value) in settings) builder.UseSetting(key, value);
        if (TestServices is { } configure) builder.ConfigureServices(configure);
    }

    public HttpClient Client() => new() { BaseAddress = BaseAddress };

    public HttpClient StaffClient()
    {
        var client = Client();
        client.DefaultRequestHeaders.Add("X-Api-Key", StaffKey);
        return client;
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
}
