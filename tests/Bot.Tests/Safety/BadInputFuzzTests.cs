using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using CoProduction.Bot.Tests.Infrastructure;
using CoProduction.Testing;
using CoProduction.Testing.Postgres;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Xunit.Abstractions;

namespace CoProduction.Bot.Tests.Safety;

/// <summary>
/// Thousands of generated bad inputs (a fixed seed, so a failure repeats) to every public
/// endpoint, on each store engine: none may get a 5xx, every refused one (4xx) must leave every
/// table of the store exactly as it was, and the service must still run a survey afterwards.
/// </summary>
public abstract class BadInputFuzzTests(IStoreBackend backend, ITestOutputHelper output)
{
    private const int Seed = 20261201;
    private static readonly int Requests = int.TryParse(Environment.GetEnvironmentVariable("FUZZ_REQUESTS"), out var n) ? n : 1200;
    private const string DirectLineSecret = "fuzz-directline-secret-0123456789";

    [Fact]
    public async Task EveryBadInput_GetsAnAnswerBelow500_AndRefusedOnesLeaveTheStoreUnchanged()
    {
        await using var service = await BackendService.StartAsync(backend, s =>
        {
            s["DirectLine:Secret"] = DirectLineSecret;
            s["DirectLine:TokenRequestsPerMinute"] = "10000";
            s["DirectLine:MessagesPerMinute"] = "10000";
        });
        var factory = service.Factory;
        var errors = new CapturedLogs(Microsoft.Extensions.Logging.LogLevel.Error);
        factory.ExtraServices = s => s.AddSingleton<Microsoft.Extensions.Logging.ILoggerProvider>(errors);
        var clients = new Dictionary<Caller, HttpClient>
        {
            [Caller.Anonymous] = Client(factory),
            [Caller.StaffKey] = factory.StaffClient(),
            [Caller.StaffBrowser] = (await SignIns.StaffAsync(factory, "staff")).Client,
        };
        var targets = await PrepareAsync(factory, clients, errors);
        var generator = new BadRequests(new Junk(Seed), targets);

        var clock = Stopwatch.StartNew();
        var failures = new List<string>();
        var kinds = new SortedDictionary<string, int>(StringComparer.Ordinal);
        var statuses = new SortedDictionary<int, int>();
        var refused = 0;
        var fingerprintTime = TimeSpan.Zero;
        var before = await StoreFingerprint.TakeAsync(factory.Services);
        for (var i = 0; i < Requests; i++)
        {
            var request = generator.Next();
            kinds[request.Kind] = kinds.GetValueOrDefault(request.Kind) + 1;
            var summary = $"#{i} {request.Kind} ({request.Caller}): {request.Message.Method} {Shorten(request.Message.RequestUri?.ToString())}";
            int status;
            string body;
            try
            {
                using var response = await clients[request.Caller].SendAsync(request.Message);
                status = (int)response.StatusCode;
                body = await response.Content.ReadAsStringAsync();
            }
            catch (Exception e) when (e is TaskCanceledException or HttpRequestException)
            {
                failures.Add($"{summary}: no answer ({e.GetType().Name})");
                continue;
            }
            statuses[status] = statuses.GetValueOrDefault(status) + 1;
            if (status >= 500)
            {
                var logged = errors.TakeErrors();
                failures.Add($"{summary}: {status} {string.Join(" / ", logged.Distinct())}");
            }
            errors.TakeErrors();

            var fingerprinting = Stopwatch.StartNew();
            var after = await StoreFingerprint.TakeAsync(factory.Services);
            fingerprintTime += fingerprinting.Elapsed;
            if (status is >= 400 and < 500)
            {
                refused++;
                var changed = StoreFingerprint.Changed(before, after);
                if (changed.Count > 0) failures.Add($"{summary}: refused with {status} but changed the store: {string.Join("; ", changed)}");
            }
            before = after;
        }

        var health = await clients[Caller.Anonymous].GetAsync("/health");
        var phone = factory.Phone("+447700900777");
        var replies = await phone.TextAsync("CHECKIN");

        var fives = statuses.Where(s => s.Key >= 500).Sum(s => s.Value);
        output.WriteLine($"Fuzz on {backend.Provider}: {Requests} requests of {kinds.Count} kinds in {clock.Elapsed.TotalSeconds:F0} s, seed {Seed}; {fives} answered 5xx; {refused} refused (4xx), each leaving the store unchanged ({fingerprintTime.TotalSeconds:F0} s of it comparing the store).");
        foreach (var (kind, count) in kinds) output.WriteLine($"  {kind}: {count}");
        output.WriteLine("  statuses: " + string.Join(", ", statuses.Select(s => $"{s.Key} x{s.Value}")));
        foreach (var failure in failures.Take(60)) output.WriteLine("FAILED " + failure);

        Assert.True(failures.Count == 0, $"{failures.Count} of {Requests} bad inputs were mishandled; first: {string.Join(" | ", failures.Take(5))}");
        Assert.Equal(HttpStatusCode.OK, health.StatusCode);
        Assert.Contains(replies, r => r.Contains("happy", StringComparison.OrdinalIgnoreCase));
    }

    private static HttpClient Client(ServiceFactory factory)
    {
        var client = factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        client.Timeout = TimeSpan.FromSeconds(60);
        return client;
    }

    /// <summary>Real ids and credentials, so generated requests reach past the front door.</summary>
    private static async Task<FuzzTargets> PrepareAsync(ServiceFactory factory, Dictionary<Caller, HttpClient> clients, CapturedLogs errors)
    {
        var staff = clients[Caller.StaffKey];
        var sam = await SignIns.MemberAsync(factory, "Sam", "expert-by-experience");
        var member = sam.MemberId!;
        var proposed = await sam.Client.PostAsJsonAsync("/api/surveys/checkin/proposals", new { member, question = "happy", language = "en", variant = "text", text = "How happy are you with your support?" });
        Assert.Equal(HttpStatusCode.Created, proposed.StatusCode);
        var proposal = (await Json.ReadAsync(proposed)).GetProperty("id").GetInt64();
        var people = await staff.PostAsync("/api/people", new StringContent("name,phone,groups\nAnn,07700 900111,fuzz\n", System.Text.Encoding.UTF8, "text/csv"));
        Assert.Equal(HttpStatusCode.OK, people.StatusCode);
        var round = await staff.PostAsJsonAsync("/api/rounds", new { survey = "checkin", groups = new[] { "fuzz" }, channel = "sms", closes = DateTimeOffset.UtcNow.AddDays(14) });
        Assert.True(round.StatusCode == HttpStatusCode.Created, await round.Content.ReadAsStringAsync() + " " + string.Join(" | ", errors.TakeErrors()));
        var roundId = (await Json.ReadAsync(round)).GetProperty("id").GetString()!;

        var anonymous = clients[Caller.Anonymous];
        var chat = await DirectLineChat.TokenAsync(anonymous);
        var token = chat.GetProperty("token").GetString()!;
        using (var start = new HttpRequestMessage(HttpMethod.Post, "/v3/directline/conversations"))
        {
            start.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", token);
            Assert.Equal(HttpStatusCode.Created, (await anonymous.SendAsync(start)).StatusCode);
        }

        var browser = clients[Caller.StaffBrowser];
        var reviewPage = await browser.GetStringAsync("/staff/review/checkin");
        var antiforgery = System.Text.RegularExpressions.Regex.Match(reviewPage, "name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"").Groups[1].Value;

        var xlsx = await staff.GetByteArrayAsync("/api/surveys/checkin/xlsform");
        // An account the accounts API may change or remove (never the one the staff browser is signed in as).
        await SignIns.CreateAccountAsync(factory, "viewer", "spare@example.org");
        var accounts = await Json.ReadAsync(await staff.GetAsync("/api/accounts"));
        var spare = accounts.EnumerateArray().First(a => a.GetProperty("email").GetString() == "spare@example.org").GetProperty("id").GetString()!;
        return new FuzzTargets(ServiceFactory.AuthToken, DirectLineSecret, "checkin", member, proposal, roundId, token,
            chat.GetProperty("conversationId").GetString()!, antiforgery, await File.ReadAllTextAsync(DemoSurveyFile()), xlsx, spare);
    }

    private static string DemoSurveyFile()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var file = Path.Combine(dir.FullName, "surveys", "checkin.yaml");
            if (File.Exists(file)) return file;
        }
        throw new InvalidOperationException("surveys/checkin.yaml not found");
    }

    private static string Shorten(string? text) => text is null ? "" : text.Length > 300 ? text[..300] + "..." : text;
}

public sealed class BadInputFuzzOnSqliteTests(ITestOutputHelper output) : BadInputFuzzTests(SqliteBackend.Instance, output);

[Collection(PostgresCollection.Name)]
public sealed class BadInputFuzzOnPostgresTests(PostgresServer server, ITestOutputHelper output) : BadInputFuzzTests(server, output);
