using System.Net;
using CoProduction.Bot.Tests.Infrastructure;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace CoProduction.Bot.Tests.Operations;

/// <summary>
/// HTTPS outside Development: HSTS on HTTPS responses, plain HTTP redirected once the HTTPS port
/// is known, and no redirect loop behind a TLS proxy that says the request came over HTTPS.
/// </summary>
public sealed class TransportSecurityTests : IDisposable
{
    private const string PublicHost = "surveys.example.org";
    private readonly ServiceFactory _service = new();
    private WebApplicationFactory<Program>? _peer;

    public void Dispose()
    {
        _peer?.Dispose();
        _service.Dispose();
    }

    private HttpClient Client(string baseAddress, WebApplicationFactory<Program>? factory = null) =>
        (factory ?? _service).CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, BaseAddress = new Uri(baseAddress) });

    [Fact]
    public async Task Https_OutsideDevelopment_SendsHsts_ForAYear()
    {
        var response = await Client($"https://{PublicHost}").GetAsync("/chat");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("max-age=31536000", Assert.Single(response.Headers.GetValues("Strict-Transport-Security")));
    }

    [Fact]
    public async Task Https_InDevelopment_SendsNoHsts_AndPlainHttpIsNotRedirected()
    {
        _service.EnvironmentName = "Development";
        _service.Settings["https_port"] = "443";

        var https = await Client($"https://{PublicHost}").GetAsync("/chat");
        var http = await Client($"http://{PublicHost}").GetAsync("/chat");

        Assert.False(https.Headers.Contains("Strict-Transport-Security"));
        Assert.Equal(HttpStatusCode.OK, http.StatusCode);
    }

    [Fact]
    public async Task PlainHttp_OutsideDevelopment_IsRedirectedToHttps_ButHealthProbesAreNot()
    {
        _service.Settings["https_port"] = "443";

        var page = await Client($"http://{PublicHost}").GetAsync("/chat?x=1");
        var health = await Client($"http://{PublicHost}").GetAsync("/health/live");

        Assert.Equal(HttpStatusCode.TemporaryRedirect, page.StatusCode);
        Assert.Equal($"https://{PublicHost}/chat?x=1", page.Headers.Location!.ToString());
        Assert.False(page.Headers.Contains("Strict-Transport-Security"));
        Assert.Equal(HttpStatusCode.OK, health.StatusCode);
    }

    [Fact]
    public async Task PlainHttp_OutsideDevelopment_WithNoHttpsPort_IsServed_WithoutAnHttpsPortWarning()
    {
        // The README's `dotnet run`: Production on plain http, no HTTPS port anywhere.
        var warnings = new CapturedLogs(LogLevel.Warning);
        _service.ExtraServices = services => services.AddSingleton<ILoggerProvider>(warnings);

        var page = await Client($"http://{PublicHost}").GetAsync("/chat");
        var again = await Client($"http://{PublicHost}").GetAsync("/chat");

        Assert.Equal((HttpStatusCode.OK, HttpStatusCode.OK), (page.StatusCode, again.StatusCode));
        Assert.DoesNotContain(warnings.Messages, w => w.Contains("https port", StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public async Task BehindATlsProxy_ARequestTheProxyGotOverHttps_IsServed_NotRedirectedAgain()
    {
        _service.Settings["https_port"] = "443";
        _peer = TestPeer.From(_service, "127.0.0.1");
        var client = Client("http://10.0.0.20:8080", _peer);
        client.DefaultRequestHeaders.Add("X-Forwarded-Proto", "https");
        client.DefaultRequestHeaders.Add("X-Forwarded-Host", PublicHost);

        var response = await client.GetAsync("/chat");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.True(response.Headers.Contains("Strict-Transport-Security"));
    }
}
