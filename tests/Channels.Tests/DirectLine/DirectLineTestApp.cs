using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using CoProduction.Channels.DirectLine;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Bot.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;

namespace CoProduction.Channels.Tests.DirectLine;

/// <summary>
/// A real Kestrel server on 127.0.0.1 (port chosen by the OS) wired exactly as the host is told
/// to wire Direct Line, with the echo bot and a fake clock.
/// </summary>
internal sealed class DirectLineTestApp : IAsyncDisposable
{
    public const string Secret = "test-secret-0123456789abcdef";

    private DirectLineTestApp(WebApplication app, Uri baseAddress, FakeTimeProvider time, EchoBot bot)
    {
        App = app;
        BaseAddress = baseAddress;
        Time = time;
        Bot = bot;
        Client = new HttpClient { BaseAddress = baseAddress };
    }

    public WebApplication App { get; }

    public Uri BaseAddress { get; }

    public FakeTimeProvider Time { get; }

    public EchoBot Bot { get; }

    public HttpClient Client { get; }

    /// <summary>How many times a request built its bot (the endpoints' bot factory ran).</summary>
    public int BotsBuilt => _botsBuilt;

    private int _botsBuilt;

    /// <param name="membersAdded">What the bot is said to hear of "members added", given to the endpoints; null: they ask the bot.</param>
    public static async Task<DirectLineTestApp> StartAsync(Dictionary<string, string?>? settings = null, IMembersAddedListener? membersAdded = null)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseKestrel(k => k.Listen(IPAddress.Loopback, 0));
        var config = new Dictionary<string, string?>
        {
            ["DirectLine:Secret"] = Secret,
            ["DirectLine:TokenRequestsPerMinute"] = "1000",
        };
        foreach (var (key, value) in settings ?? [])
        {
            config[key] = value;
        }

        builder.Configuration.AddInMemoryCollection(config);
        builder.Logging.ClearProviders();

        var time = new FakeTimeProvider(new DateTimeOffset(2025, 3, 1, 9, 0, 0, TimeSpan.Zero));
        var bot = new EchoBot();
        builder.Services.AddSingleton<TimeProvider>(time);
        builder.Services.AddSingleton<IBot>(bot);
        builder.Services.AddDirectLine();

        var app = builder.Build();
        app.UseWebSockets();
        app.UseCors();
        app.UseRateLimiter();
        DirectLineTestApp? testApp = null;
        app.MapDirectLine(sp =>
        {
            Interlocked.Increment(ref testApp!._botsBuilt);
            return sp.GetRequiredService<IBot>();
        }, membersAdded);
        await app.StartAsync();

        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        testApp = new DirectLineTestApp(app, new Uri(address.Replace("[::]", "127.0.0.1", StringComparison.Ordinal)), time, bot);
        return testApp;
    }

    public HttpRequestMessage Request(HttpMethod method, string path, string? bearer, object? body = null)
    {
        var request = new HttpRequestMessage(method, path);
        if (bearer is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", bearer);
        }

        if (body is string raw)
        {
            request.Content = new StringContent(raw, Encoding.UTF8, "application/json");
        }
        else if (body is not null)
        {
            request.Content = JsonContent.Create(body);
        }

        return request;
    }

    public async Task<(HttpStatusCode Status, JsonElement Body)> SendAsync(HttpMethod method, string path, string? bearer, object? body = null)
    {
        using var response = await Client.SendAsync(Request(method, path, bearer, body));
        var text = await response.Content.ReadAsStringAsync();
        var json = text.Length == 0 ? default : JsonDocument.Parse(text).RootElement.Clone();
        return (response.StatusCode, json);
    }

    /// <summary>tokens/generate then POST conversations with that token, as the chat page does.</summary>
    public async Task<Conversation> StartConversationAsync(string? userId = "dl_person1")
    {
        var (status, generated) = await SendAsync(HttpMethod.Post, "/v3/directline/tokens/generate", Secret,
            userId is null ? null : new { user = new { id = userId, name = "Sam" } });
        Assert.Equal(HttpStatusCode.OK, status);
        var token = generated.GetProperty("token").GetString()!;
        var (startStatus, started) = await SendAsync(HttpMethod.Post, "/v3/directline/conversations", token);
        Assert.Equal(HttpStatusCode.Created, startStatus);
        return new Conversation(
            started.GetProperty("conversationId").GetString()!,
            started.GetProperty("token").GetString()!,
            started.GetProperty("streamUrl").GetString()!);
    }

    /// <summary>Posts a message as Web Chat does, named by a fresh clientActivityID unless one is given (the same one again is a retry).</summary>
    public Task<(HttpStatusCode Status, JsonElement Body)> PostMessageAsync(Conversation conversation, string text, string? clientActivityId = null, object? from = null) =>
        SendAsync(HttpMethod.Post, $"/v3/directline/conversations/{conversation.Id}/activities", conversation.Token, new
        {
            type = "message",
            text,
            from = from ?? new { id = "dl_person1", name = "Sam", role = "user" },
            channelData = new { clientActivityID = clientActivityId ?? Guid.NewGuid().ToString("N")[..12], clientTimestamp = "2025-03-01T09:00:00.000Z" },
        });

    public Task<(HttpStatusCode Status, JsonElement Body)> PollAsync(Conversation conversation, string? watermark = null) =>
        SendAsync(HttpMethod.Get, $"/v3/directline/conversations/{conversation.Id}/activities" + (watermark is null ? string.Empty : "?watermark=" + watermark), conversation.Token);

    public static async Task<ClientWebSocket> ConnectAsync(string streamUrl)
    {
        var socket = new ClientWebSocket();
        socket.Options.CollectHttpResponseDetails = true;
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        await socket.ConnectAsync(new Uri(streamUrl), timeout.Token);
        return socket;
    }

    /// <summary>The next text frame, empty for a keep-alive; fails the test after a few seconds of silence.</summary>
    public static Task<string> ReceiveFrameAsync(ClientWebSocket socket, int timeoutSeconds = 10) =>
        CoProduction.Testing.WebSocketFrames.ReceiveAsync(socket, TimeSpan.FromSeconds(timeoutSeconds));

    /// <summary>Activity sets until <paramref name="count"/> activities have arrived (keep-alives skipped).</summary>
    public static async Task<List<JsonElement>> ReceiveActivitiesAsync(ClientWebSocket socket, int count)
    {
        var activities = new List<JsonElement>();
        while (activities.Count < count)
        {
            var frame = await ReceiveFrameAsync(socket);
            if (frame.Length == 0)
            {
                continue;
            }

            var set = JsonDocument.Parse(frame).RootElement.Clone();
            activities.AddRange(set.GetProperty("activities").EnumerateArray());
        }

        return activities;
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await App.StopAsync();
        await App.DisposeAsync();
    }

    internal sealed record Conversation(string Id, string Token, string StreamUrl);
}
