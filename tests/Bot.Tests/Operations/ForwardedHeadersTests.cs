using System.Net;
using CoProduction.Bot.Operations;
using CoProduction.Bot.Tests.Infrastructure;
using CoProduction.Channels.Twilio;
using Microsoft.AspNetCore.Mvc.Testing;

namespace CoProduction.Bot.Tests.Operations;

/// <summary>
/// Behind a reverse proxy that ends TLS: the client's address, scheme and host come from the
/// proxy's X-Forwarded-* headers, but only when the request comes from a trusted proxy.
/// </summary>
public sealed class ForwardedHeadersTests : IDisposable
{
    private const string PublicHost = "surveys.example.org";
    private readonly ServiceFactory _service = new();
    private WebApplicationFactory<Program>? _peer;

    public void Dispose()
    {
        _peer?.Dispose();
        _service.Dispose();
    }

    private HttpClient ThroughProxy(string peer, string? clientAddress = null)
    {
        _peer = TestPeer.From(_service, peer);
        var client = _peer.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        client.DefaultRequestHeaders.Add("X-Forwarded-Proto", "https");
        client.DefaultRequestHeaders.Add("X-Forwarded-Host", PublicHost);
        if (clientAddress is not null) client.DefaultRequestHeaders.Add("X-Forwarded-For", clientAddress);
        return client;
    }

    [Fact]
    public async Task TheChatStreamUrl_IsWssOnThePublicHost_BehindATlsProxyOnTheSameMachine()
    {
        await using var chat = await DirectLineChat.StartAsync(ThroughProxy("127.0.0.1"));

        Assert.StartsWith($"wss://{PublicHost}/v3/directline/conversations/", chat.StreamUrl);
    }

    [Fact]
    public async Task ForwardedHeaders_FromAnAddressThatIsNoKnownProxy_AreIgnored()
    {
        await using var chat = await DirectLineChat.StartAsync(ThroughProxy("203.0.113.9"));

        Assert.StartsWith("ws://localhost/", chat.StreamUrl);
    }

    [Fact]
    public async Task AConfiguredProxy_IsTrusted_AndTheLoopbackDefaultNoLonger()
    {
        _service.Settings["ForwardedHeaders:KnownProxies"] = "10.0.0.5, 10.0.0.6";

        await using (var chat = await DirectLineChat.StartAsync(ThroughProxy("10.0.0.6")))
        {
            Assert.StartsWith($"wss://{PublicHost}/", chat.StreamUrl);
        }
        _peer!.Dispose();
        await using (var chat = await DirectLineChat.StartAsync(ThroughProxy("127.0.0.1")))
        {
            Assert.StartsWith("ws://localhost/", chat.StreamUrl);
        }
    }

    [Fact]
    public async Task AProxyInAConfiguredNetwork_IsTrusted()
    {
        _service.Settings["ForwardedHeaders:KnownNetworks:0"] = "10.1.0.0/16";

        await using var chat = await DirectLineChat.StartAsync(ThroughProxy("10.1.2.3"));

        Assert.StartsWith($"wss://{PublicHost}/", chat.StreamUrl);
    }

    [Theory]
    [InlineData("127.0.0.1", HttpStatusCode.OK)]
    [InlineData("203.0.113.9", HttpStatusCode.Forbidden)]
    public async Task ATextSignedForThePublicHttpsUrl_IsAccepted_OnlyThroughATrustedProxy(string peer, HttpStatusCode expected)
    {
        var http = ThroughProxy(peer);
        var phone = new TestPhone(http, ServiceFactory.AuthToken, "+447700900501", ServiceFactory.OurNumber);
        var form = phone.Form("SM" + Guid.NewGuid().ToString("N"), "checkin");
        // Twilio signs the URL it was given, the public one; the service itself is reached over plain HTTP.
        var request = TwilioRequests.SignedPost("/twilio/sms", form, ServiceFactory.AuthToken, signedUrl: $"https://{PublicHost}/twilio/sms");

        using var response = await http.SendAsync(request);

        Assert.Equal(expected, response.StatusCode);
    }

    [Fact]
    public async Task TheChatTokenLimit_CountsEachClientBehindTheProxy_NotTheProxy()
    {
        _service.Settings["DirectLine:TokenRequestsPerMinute"] = "1";
        var first = ThroughProxy("127.0.0.1", clientAddress: "198.51.100.1");
        var peer = _peer!;
        var second = peer.CreateClient();
        second.DefaultRequestHeaders.Add("X-Forwarded-For", "198.51.100.2");

        Assert.Equal(HttpStatusCode.OK, (await first.PostAsync("/chat/token", System.Net.Http.Json.JsonContent.Create(new { }))).StatusCode);
        Assert.Equal(HttpStatusCode.TooManyRequests, (await first.PostAsync("/chat/token", System.Net.Http.Json.JsonContent.Create(new { }))).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await second.PostAsync("/chat/token", System.Net.Http.Json.JsonContent.Create(new { }))).StatusCode);
    }

    [Theory]
    [InlineData("ForwardedHeaders:KnownProxies", "proxy.internal", ProxySettings.ProxiesMessage)]
    [InlineData("ForwardedHeaders:KnownNetworks", "10.0.0.0/99", ProxySettings.NetworksMessage)]
    [InlineData("ForwardedHeaders:ForwardLimit", "0", ProxySettings.LimitMessage)]
    public void AWrongProxySetting_StopsTheStart_NamingIt(string key, string value, string message)
    {
        _service.Settings[key] = value;

        var error = Assert.ThrowsAny<Exception>(() => _service.CreateClient());

        Assert.Contains(message, error.Message);
    }
}
