using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace CoProduction.Bot.FaultTests.Infrastructure;

/// <summary>How the fake answers one request: after a delay, with a status (and Retry-After for 429).</summary>
public sealed record FakeAnswer(int Status, TimeSpan Delay = default, int? RetryAfterSeconds = null, bool Held = false)
{
    /// <summary>Takes the message (or call) at once, as Twilio would, but answers only after <see cref="FakeTwilio.Release"/>: the caller is caught between asking and hearing back.</summary>
    public static readonly FakeAnswer Hold = new(201, Held: true);
    public static readonly FakeAnswer Accept = new(201);
    public static readonly FakeAnswer ServerError = new(500);
    public static FakeAnswer TooManyRequests(int retryAfterSeconds) => new(429, RetryAfterSeconds: retryAfterSeconds);
    /// <summary>Answers after <paramref name="delay"/> and takes the message even if the caller gave up waiting, as Twilio would.</summary>
    public static FakeAnswer SlowAccept(TimeSpan delay) => new(201, delay);
}

/// <summary>One request the fake Twilio received (a message, or a call whose body is its webhook URL), and what it answered.</summary>
public sealed record FakeRequest(DateTimeOffset Arrived, string To, string Body, int Status)
{
    public bool Accepted => Status == 201;
}

/// <summary>
/// Twilio's REST API for creating messages and calls (POST /2010-04-01/Accounts/{sid}/Messages.json and Calls.json), as a real
/// Kestrel server on a free port: it answers from a script (in the order requests arrive), then with
/// <see cref="Default"/>, with Twilio's own JSON shapes, and keeps every request.
/// </summary>
public sealed class FakeTwilio : IAsyncDisposable
{
    private readonly ConcurrentQueue<FakeAnswer> _script = new();
    private readonly List<FakeRequest> _requests = [];
    private readonly WebApplication _app;
    private readonly TaskCompletionSource _released = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private FakeTwilio(WebApplication app) => _app = app;

    public Uri BaseAddress { get; private set; } = null!;

    /// <summary>The answer once the script is used up.</summary>
    public FakeAnswer Default { get; set; } = FakeAnswer.Accept;

    public IReadOnlyList<FakeRequest> Requests
    {
        get { lock (_requests) return _requests.ToList(); }
    }

    /// <summary>Lets every held request be answered.</summary>
    public void Release() => _released.TrySetResult();

    public void Script(params FakeAnswer[] answers)
    {
        foreach (var answer in answers) _script.Enqueue(answer);
    }

    public static async Task<FakeTwilio> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        var port = FreePort();
        builder.WebHost.UseUrls($"http://127.0.0.1:{port}");
        var app = builder.Build();
        var fake = new FakeTwilio(app) { BaseAddress = new Uri($"http://127.0.0.1:{port}/") };
        app.MapPost("/2010-04-01/Accounts/{account}/Messages.json", context => fake.AnswerAsync(context, "SM", "Body"));
        app.MapPost("/2010-04-01/Accounts/{account}/Calls.json", context => fake.AnswerAsync(context, "CA", "Url"));
        await app.StartAsync();
        return fake;
    }

    private async Task AnswerAsync(HttpContext context, string sidPrefix, string bodyField)
    {
        var arrived = DateTimeOffset.UtcNow;
        var form = await context.Request.ReadFormAsync();
        var answer = _script.TryDequeue(out var next) ? next : Default;
        var request = new FakeRequest(arrived, form["To"].ToString(), form[bodyField].ToString(), answer.Status);
        if (answer.Held)
        {
            lock (_requests) _requests.Add(request);
            try
            {
                await _released.Task.WaitAsync(context.RequestAborted);
            }
            catch (OperationCanceledException)
            {
                return; // The caller died waiting; Twilio keeps what it took.
            }
        }
        else
        {
            // Not the request's token: Twilio finishes what it was asked even when the caller stops waiting.
            if (answer.Delay > TimeSpan.Zero) await Task.Delay(answer.Delay);
            lock (_requests) _requests.Add(request);
        }

        context.Response.StatusCode = answer.Status;
        context.Response.ContentType = "application/json";
        if (answer.RetryAfterSeconds is { } seconds) context.Response.Headers.RetryAfter = seconds.ToString();
        object body = answer.Status switch
        {
            201 => new { sid = sidPrefix + Guid.NewGuid().ToString("N"), to = request.To, body = request.Body, status = "queued" },
            429 => new { code = 20429, message = "Too Many Requests", more_info = "https://www.twilio.com/docs/errors/20429", status = 429 },
            _ => new { code = 20500, message = "Internal Server Error", more_info = "https://www.twilio.com/docs/errors/20500", status = answer.Status },
        };
        try
        {
            await context.Response.WriteAsync(JsonSerializer.Serialize(body));
        }
        catch (Exception e) when (e is IOException or OperationCanceledException)
        {
            // The caller gave up waiting; the message stays taken.
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    public async ValueTask DisposeAsync()
    {
        Release();
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
