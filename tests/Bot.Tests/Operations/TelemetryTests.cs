using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using CoProduction.Bot.Tests.Infrastructure;
using CoProduction.Scheduling.Jobs;
using Hangfire;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace CoProduction.Bot.Tests.Operations;

/// <summary>
/// Metrics at GET /metrics (Prometheus text) and logs, for a conversation run through the real
/// webhooks. Alone in its collection: OpenTelemetry listens to meters by name across the process,
/// so another test's service running at the same moment would add to these counts.
/// </summary>
[Collection(Name)]
public sealed class TelemetryTests : IDisposable
{
    public const string Name = "Telemetry";

    /// <summary>The demo survey by text: eight messages, seven answers (the keyword answers nothing).</summary>
    private static readonly string[] Conversation =
        ["checkin", "4 out of 5", "not really", "A light outside my door", "my home", "twenty one", "next tuesday", "More time to talk"];

    private const string From = "+447700900777";

    private readonly ServiceFactory _service = new();
    private readonly CapturedLogs _logs = new();

    public void Dispose() => _service.Dispose();

    private async Task<string> ScrapeAsync(HttpClient client)
    {
        using var response = await client.GetAsync("/metrics");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.Content.ReadAsStringAsync();
    }

    /// <summary>
    /// The value of the one series named <paramref name="series"/> (like <c>turns_total{channel="sms"}</c>)
    /// whose labels include the given ones; the exporter adds others (otel_scope_name) in its own order.
    /// </summary>
    private static double Value(string scrape, string series)
    {
        var (name, wanted) = Parse(series);
        var matches = scrape.Split('\n')
            .Where(l => l.Length > 0 && l[0] != '#')
            .Select(l => (Series: Parse(l[..l.LastIndexOf(' ')]), Value: l[(l.LastIndexOf(' ') + 1)..]))
            .Where(s => s.Series.Name == name && wanted.All(w => s.Series.Labels.Contains(w)))
            .ToList();
        Assert.True(matches.Count == 1, $"{matches.Count} series match {series} in:\n{scrape}");
        return double.Parse(matches[0].Value, CultureInfo.InvariantCulture);
    }

    private static (string Name, HashSet<string> Labels) Parse(string series)
    {
        var brace = series.IndexOf('{');
        if (brace < 0) return (series.Trim(), []);
        var labels = series[(brace + 1)..series.LastIndexOf('}')]
            .Split("\",", StringSplitOptions.RemoveEmptyEntries)
            .Select(l => l.TrimEnd('"') + "\"")
            .ToHashSet();
        return (series[..brace], labels);
    }

    private static bool Has(string scrape, string series)
    {
        var (name, wanted) = Parse(series);
        return scrape.Split('\n').Where(l => l.Length > 0 && l[0] != '#')
            .Any(l => Parse(l[..l.LastIndexOf(' ')]) is var s && s.Name == name && wanted.All(w => s.Labels.Contains(w)));
    }

    [Fact]
    public async Task ATextConversation_IsCountedPerChannel_WithItsAnswersAndTurnTimes()
    {
        var client = _service.CreateClient();
        var phone = _service.Phone(From);
        foreach (var text in Conversation) await phone.TextAsync(text);

        var scrape = await ScrapeAsync(client);

        Assert.Equal(8, Value(scrape, "coproduction_turns_total{channel=\"sms\",outcome=\"handled\"}"));
        Assert.Equal(7, Value(scrape, "coproduction_answers_total{channel=\"sms\"}"));
        Assert.Equal(8, Value(scrape, "coproduction_turn_duration_seconds_count{channel=\"sms\"}"));
        Assert.True(Has(scrape, "coproduction_turn_duration_seconds_bucket{channel=\"sms\",le=\"0.5\"}"));
        Assert.False(Has(scrape, "coproduction_failures_total"));
    }

    [Fact]
    public async Task EveryWebhook_HasItsHttpRequestTimed_ByRouteAndStatus()
    {
        var phone = _service.Phone("+447700900779");
        await phone.TextAsync("checkin");
        await phone.TextAsync("4");

        var scrape = await ScrapeAsync(_service.CreateClient());

        // ASP.NET Core's own request histogram stays at /metrics (the soak benchmark counts failures from it).
        Assert.Equal(2, Value(scrape, "http_server_request_duration_seconds_count{http_route=\"/twilio/sms\",http_response_status_code=\"200\"}"));
    }

    [Fact]
    public async Task WithoutAnOtlpCollector_TurnsAreCounted_ButNoSpansAreMade()
    {
        await _service.Phone("+447700900778").TextAsync("checkin");

        var scrape = await ScrapeAsync(_service.CreateClient());

        Assert.Equal(1, Value(scrape, "coproduction_turns_total{channel=\"sms\",outcome=\"handled\"}"));
        // Nobody would read them: a tracer with no exporter made a span for every request (OtlpExportTests has them sent).
        Assert.Null(_service.Services.GetService<OpenTelemetry.Trace.TracerProvider>());
    }

    [Fact]
    public async Task InvitationsWaiting_AndTheirSends_AreCounted()
    {
        var scheduling = ServiceFactory.ForScheduling();
        try
        {
            var staff = scheduling.StaffClient();
            var csv = "name,phone,channel,groups\nAsha,+447700900601,sms,north\nBen,+447700900602,sms,north\n";
            using var people = await staff.PostAsync("/api/people", new StringContent(csv, System.Text.Encoding.UTF8, "text/csv"));
            Assert.Equal(HttpStatusCode.OK, people.StatusCode);
            using var round = await staff.PostAsJsonAsync("/api/rounds", new { survey = "checkin", groups = new[] { "north" }, channel = "sms", opens = DateTimeOffset.UtcNow.AddMinutes(-1), closes = DateTimeOffset.UtcNow.AddDays(14) });
            Assert.Equal(HttpStatusCode.Created, round.StatusCode);
            var id = (await Json.ReadAsync(round)).GetProperty("id").GetString()!;
            await scheduling.RunJobAsync<RoundInvitationsJob>(j => j.RunAsync(Guid.Parse(id), CancellationToken.None));

            Assert.Equal(2, Value(await ScrapeAsync(staff), "coproduction_invitations_waiting"));

            await scheduling.RunJobAsync<InvitationDispatcher>(d => d.RunAsync(CancellationToken.None));

            var after = await ScrapeAsync(staff);
            Assert.Equal(0, Value(after, "coproduction_invitations_waiting"));
            Assert.Equal(2, Value(after, "coproduction_sends_total{channel=\"sms\",outcome=\"sent\"}"));
        }
        finally
        {
            scheduling.Dispose();
        }
    }

    [Fact]
    public async Task AJobRunByHangfire_HasItsDurationRecorded()
    {
        _service.Settings["Scheduling:RunJobServer"] = "true";
        var client = _service.CreateClient();
        // The same job also recurs every ten minutes of the wall clock: a wait across such a mark counted
        // that run too (CI, 2026-12-05). Only the run this test enqueues is to be counted.
        _service.Services.GetRequiredService<IRecurringJobManager>().RemoveIfExists(RecurringJobs.Housekeeping);

        _service.Services.GetRequiredService<IBackgroundJobClient>().Enqueue<HousekeepingJob>(j => j.RunAsync(CancellationToken.None));

        const string series = "coproduction_job_duration_seconds_count{job=\"HousekeepingJob\",outcome=\"succeeded\"}";
        var deadline = DateTime.UtcNow.AddSeconds(60);
        string scrape;
        do
        {
            scrape = await ScrapeAsync(client);
        } while (!Has(scrape, series) && DateTime.UtcNow < deadline && await Pause());
        Assert.Equal(1, Value(scrape, series));
    }

    private static async Task<bool> Pause()
    {
        await Task.Delay(250);
        return true;
    }

    [Fact]
    public async Task TheLogsOfAConversation_HoldNoPhoneNumberAndNoAnswer()
    {
        using var service = _service.WithWebHostBuilder(b => b.ConfigureLogging(l => l.AddProvider(_logs)));
        _service.Settings["Logging:LogLevel:Default"] = "Debug";
        var phone = new TestPhone(service.CreateClient(), ServiceFactory.AuthToken, From, ServiceFactory.OurNumber);

        foreach (var text in Conversation) await phone.TextAsync(text);

        var lines = _logs.Lines;
        Assert.Contains(lines, l => l.Contains("Turn on sms"));
        var secrets = new[] { From, From.TrimStart('+'), "7700900777" }.Concat(Conversation.Skip(1));
        foreach (var secret in secrets)
        {
            Assert.DoesNotContain(lines, l => l.Contains(secret, StringComparison.OrdinalIgnoreCase));
        }
    }
}

[CollectionDefinition(TelemetryTests.Name, DisableParallelization = true)]
public sealed class TelemetryCollection;
