using CoProduction.Channels.Twilio;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace CoProduction.Channels.Tests.Twilio;

/// <summary>
/// A minimal web app on TestServer wired the way the host wires Channels, so the filter and
/// adapter are tested through a real HTTP pipeline (routing, form reading, ProblemDetails).
/// </summary>
internal static class TwilioTestApp
{
    public const string AuthToken = "0123456789abcdef0123456789abcdef";

    public static async Task<WebApplication> StartAsync(
        Action<WebApplication> map,
        Dictionary<string, string?>? settings = null,
        Action<IServiceCollection>? services = null,
        CapturingLoggerProvider? logs = null)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseTestServer();
        builder.Configuration.AddInMemoryCollection(settings ?? new Dictionary<string, string?> { ["Twilio:AuthToken"] = AuthToken });
        builder.Logging.ClearProviders();
        if (logs is not null)
        {
            builder.Logging.AddProvider(logs);
            builder.Logging.SetMinimumLevel(LogLevel.Trace);
        }

        builder.Services.AddProblemDetails();
        builder.Services.AddTwilioChannels();
        services?.Invoke(builder.Services);

        var app = builder.Build();
        map(app);
        await app.StartAsync();
        return app;
    }

    /// <summary>A POST signed as Twilio would sign it for <paramref name="signedUrl"/>, with this app's token unless told.</summary>
    public static HttpRequestMessage SignedPost(string path, IEnumerable<KeyValuePair<string, string>> form, string signedUrl, string authToken = AuthToken) =>
        TwilioRequests.SignedPost(path, form, authToken, signedUrl);
}
