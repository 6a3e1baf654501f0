using System.Net;
using System.Text;
using CoProduction.Bot.Tests.Infrastructure;

namespace CoProduction.Bot.Tests.Safety;

/// <summary>
/// The body limits on the real server. Kestrel, given each path's limit by the request guard,
/// stops a body at it by itself, with or without a length, so the guard no longer counts the
/// bytes a second time there (it still does on a server that cannot be given the limit, like the
/// test host). A body sent without a length, in chunks, is the case only the server's own count
/// can catch.
/// </summary>
public sealed class BodyLimitOnKestrelTests : IDisposable
{
    private readonly KestrelServiceFactory _service = new();

    public BodyLimitOnKestrelTests() => _service.Start();

    public void Dispose() => _service.Dispose();

    [Fact]
    public async Task AWebhookFormSentInChunks_OverItsLimit_Gets413_InPlainWords()
    {
        using var client = _service.Client();
        var body = Encoding.ASCII.GetBytes("From=%2B447700900123&Body=" + new string('a', 70_000));

        using var response = await client.PostAsync("/twilio/sms", new UnsizedContent(body, "application/x-www-form-urlencoded"));

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Contains("too big", await response.Content.ReadAsStringAsync(), StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task AChatMessageSentInChunks_OverItsLimit_Gets413_NotAServerError()
    {
        using var client = _service.Client();
        var body = Encoding.UTF8.GetBytes("{\"type\":\"message\",\"text\":\"" + new string('a', 70_000) + "\"}");

        using var response = await client.PostAsync("/v3/directline/conversations/abc/activities", new UnsizedContent(body, "application/json"));

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Contains("too big", await response.Content.ReadAsStringAsync(), StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task AChatTokenRequestSentInChunks_UnderItsLimit_IsReadAndAnswered()
    {
        using var client = _service.Client();

        using var response = await client.PostAsync("/chat/token", new UnsizedContent("{}"u8.ToArray(), "application/json"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("\"token\"", await response.Content.ReadAsStringAsync());
    }
}

/// <summary>A body whose length is not known in advance: sent with Transfer-Encoding: chunked and no Content-Length.</summary>
internal sealed class UnsizedContent : HttpContent
{
    private readonly byte[] _body;

    public UnsizedContent(byte[] body, string contentType)
    {
        _body = body;
        Headers.TryAddWithoutValidation("Content-Type", contentType);
    }

    protected override Task SerializeToStreamAsync(Stream stream, TransportContext? context) => stream.WriteAsync(_body).AsTask();

    protected override bool TryComputeLength(out long length)
    {
        length = 0;
        return false;
    }
}
