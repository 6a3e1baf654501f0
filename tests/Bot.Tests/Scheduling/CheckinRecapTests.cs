using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using CoProduction.Bot.Tests.Infrastructure;
using CoProduction.Scheduling.Jobs;

namespace CoProduction.Bot.Tests.Scheduling;

/// <summary>
/// "Last year you told us ...; we did ..." end to end, with the shipped check-in survey: the daily
/// check-in job, the dispatcher and the real starter send it, people answer through the signed SMS
/// webhook and a signed call. The recap comes first, in the person's language; it is left out when
/// there is nothing to recap (no earlier check-in, nothing done yet) and never left on a voicemail.
/// </summary>
public sealed class CheckinRecapTests : IDisposable
{
    private readonly ServiceFactory _service = ServiceFactory.ForScheduling();

    public void Dispose() => _service.Dispose();

    private const string Ann = "+447400103100";
    private const string Bryn = "+447400103200";
    private const string Cat = "+447400103300";
    private const string Eve = "+447400103400";

    private static readonly DateOnly Today = DateOnly.FromDateTime(DateTime.UtcNow);

    private const string Recap = "Last year you told us: 2 (Unhappy), to 'How happy are you with the support you get?'. We did this: We hired two more support workers.";

    private const string WelshRecap = "Y llynedd, i 'Pa mor hapus ydych chi gyda'r cymorth rydych chi'n ei gael?' dywedoch chi: 2 (Anhapus). Beth wnaethom ni: Rydyn ni wedi cyflogi dau weithiwr cymorth arall.";

    private async Task ImportAsync(string csv) =>
        Assert.Equal(HttpStatusCode.OK, (await _service.StaffClient().PostAsync("/api/people", new StringContent(csv, new MediaTypeHeaderValue("text/csv")))).StatusCode);

    private async Task<List<(string To, string Channel, string Body)>> OutboxAsync() =>
        (await Json.ReadAsync(await _service.StaffClient().GetAsync("/api/outbox"))).EnumerateArray()
        .Select(e => (e.GetProperty("to").GetString()!, e.GetProperty("channel").GetString()!, e.GetProperty("body").GetString()!)).ToList();

    /// <summary>Runs the daily check-in job and the dispatcher, as Hangfire would, and returns what was sent.</summary>
    private async Task<List<(string To, string Channel, string Body)>> CheckinsAsync()
    {
        var before = (await OutboxAsync()).Count;
        await _service.RunJobAsync<CheckinJob>(j => j.RunForDayAsync(Today, default));
        await _service.RunJobAsync<InvitationDispatcher>(j => j.RunAsync(default));
        return (await OutboxAsync()).Skip(before).ToList();
    }

    private static string FirstTo(List<(string To, string Channel, string Body)> sent, string phone) => sent.First(t => t.To == phone).Body;

    /// <summary>A whole check-in by text: unhappy (2), safe, friends first, three visits, the rest skipped.</summary>
    private async Task AnswerCheckinAsync(string phone, bool welsh = false)
    {
        var person = _service.Phone(phone);
        foreach (var reply in new[] { "2", welsh ? "ie" : "yes", "1", "3", "skip" }) await person.TextAsync(reply);
        Assert.Contains(welsh ? "Diolch" : "Thank you", string.Join(" ", await person.TextAsync("skip")));
    }

    /// <param name="cy">The action in Welsh: Bryn, who chose Welsh, is told it in Welsh.</param>
    private async Task ActionAsync(string text, string status, string? cy = null)
    {
        var response = await _service.StaffClient().PostAsJsonAsync("/api/surveys/checkin/actions",
            new { question = "happy", text, status, cy = cy is null ? null : new { text = cy } });
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task YearlyCheckinByText_OpensWithTheRecap_InThePersonsLanguage_OnlyWhenThereIsSomethingToRecap()
    {
        var twoDaysAgo = Today.AddDays(-2).ToString("yyyy-MM-dd");
        await ImportAsync("name,phone,channel,language,next_checkin\n"
                          + $"Ann,{Ann},sms,en,{twoDaysAgo}\nBryn,{Bryn},sms,cy,{twoDaysAgo}\nCat,{Cat},sms,en,{twoDaysAgo}\n");

        // The first check-in: nothing earlier to recap, so it opens with the survey's own hello.
        var first = await CheckinsAsync();
        Assert.StartsWith("Hello! This is your yearly check-in", FirstTo(first, Ann));
        Assert.StartsWith("Helo! Dyma eich gwiriad blynyddol", FirstTo(first, Bryn));
        await AnswerCheckinAsync(Ann);
        await AnswerCheckinAsync(Bryn, welsh: true);
        await AnswerCheckinAsync(Cat);

        // Only a plan so far: "we did" would be an empty promise, so Cat's next check-in has no recap.
        await ActionAsync("We will hire two more support workers.", "planned");
        await ImportAsync($"phone,next_checkin\n{Cat},{Today.AddDays(-1):yyyy-MM-dd}\n");
        var planned = await CheckinsAsync();
        Assert.StartsWith("Hello! This is your yearly check-in", FirstTo(planned, Cat));
        Assert.DoesNotContain(planned, t => t.Body.Contains("Last year", StringComparison.Ordinal));

        // Done: the next check-in opens with what they told us and what we did, before the hello,
        // and what we did in Welsh for Bryn.
        await ActionAsync("We hired two more support workers.", "done", cy: "Rydyn ni wedi cyflogi dau weithiwr cymorth arall.");
        await ImportAsync($"name,phone,channel,language,next_checkin\nAnn,{Ann},sms,en,{Today:yyyy-MM-dd}\nBryn,{Bryn},sms,cy,{Today:yyyy-MM-dd}\nEve,{Eve},sms,en,{Today:yyyy-MM-dd}\n");
        var next = await CheckinsAsync();
        var ann = next.Where(t => t.To == Ann).Select(t => t.Body).ToList();
        Assert.Equal(Recap, ann[0]);
        Assert.Contains("Hello! This is your yearly check-in", ann[1]);
        var bryn = next.Where(t => t.To == Bryn).Select(t => t.Body).ToList();
        Assert.Equal(WelshRecap, bryn[0]);
        Assert.Contains("Helo! Dyma eich gwiriad blynyddol", bryn[1]);
        // Eve never answered a check-in: nothing of hers to recap, and nobody else's answers are told.
        Assert.StartsWith("Hello! This is your yearly check-in", FirstTo(next, Eve));
        Assert.DoesNotContain(next, t => t.To == Eve && t.Body.Contains("Last year", StringComparison.Ordinal));

        // The recap is said once: Ann's reply goes on with the survey.
        Assert.Contains("Do you feel safe", string.Join(" ", await _service.Phone(Ann).TextAsync("4")));
    }

    [Fact]
    public async Task YearlyCheckinByCall_SaysTheRecapFirst_ButNeverToAnAnsweringMachine()
    {
        await ImportAsync($"name,phone,channel,language,next_checkin\nAnn,{Ann},sms,en,{Today.AddDays(-2):yyyy-MM-dd}\n");
        await CheckinsAsync();
        await AnswerCheckinAsync(Ann);
        await ActionAsync("We hired two more support workers.", "done");
        // Ann would rather be called now.
        await ImportAsync($"phone,channel,next_checkin\n{Ann},voice,{Today:yyyy-MM-dd}\n");

        var call = Assert.Single(await CheckinsAsync(), t => t.To == Ann);
        Assert.Equal("voice", call.Channel);
        var invitation = call.Body.Split(' ')[^1];

        // A voicemail can be played by anyone in the house: it gets a short message, not her answers.
        var machine = _service.Call(Ann);
        await machine.StartOutboundAsync("machine_start", $"invitation={invitation}");
        Assert.True(machine.IsHungUp);
        Assert.DoesNotContain(machine.Said, s => s.Contains("Last year", StringComparison.Ordinal) || s.Contains("Unhappy", StringComparison.Ordinal));

        var person = _service.Call(Ann);
        await person.StartOutboundAsync("human", $"invitation={invitation}");
        Assert.Equal(Recap, person.Said[0]);
        Assert.Contains("How happy are you with your support?", person.LastPrompt);
    }
}
