using System.Net;
using System.Net.Http.Json;
using CoProduction.Bot.Tests.Infrastructure;
using CoProduction.Store;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CoProduction.Bot.Tests.Results;

/// <summary>
/// Quotes and theme counts on the public page, opened as the public does. 20 people wrote an
/// answer in the released round, each naming someone and giving a number; 8 are tagged
/// Transport, 3 Food. Only approved quotes show, in English and Welsh, and nothing personal.
/// </summary>
public sealed class PublicQuotesAndThemesTests : IAsyncLifetime
{
    private readonly ServiceFactory _service = new();
    private readonly List<(string Name, string Phone)> _people = [];
    private List<long> _answers = [];
    private HttpClient _staff = null!;
    private Guid _round;

    public async Task InitializeAsync()
    {
        _staff = _service.StaffClient();
        _round = await PulseSurvey.PublishedWithRoundAsync(_service);
        _people.AddRange(await ResultsSeed.AddPeopleAsync(_service.Services, _round, 10, "happy=4 change=text:Zebedee_drives_too_fast,_call_07700_900999"));
        _people.AddRange(await ResultsSeed.AddPeopleAsync(_service.Services, _round, 10, "happy=5 change=text:More_trips_to_the_seaside_please"));
        await using var scope = _service.Services.CreateAsyncScope();
        _answers = await scope.ServiceProvider.GetRequiredService<StoreDbContext>().Answers
            .Where(a => a.QuestionId == "change").OrderBy(a => a.Id).Select(a => a.Id).ToListAsync();
        var transport = await ThemeAsync("Transport");
        var food = await ThemeAsync("Food");
        foreach (var answer in _answers.Take(8)) await TagAsync(answer, transport);
        foreach (var answer in _answers.Skip(10).Take(3)) await TagAsync(answer, food);
        Assert.Equal(HttpStatusCode.Created, (await _staff.PostAsJsonAsync("/api/surveys/pulse/releases", new { round = _round })).StatusCode);
    }

    public Task DisposeAsync()
    {
        _service.Dispose();
        return Task.CompletedTask;
    }

    private async Task<long> ThemeAsync(string name) =>
        (await Json.ReadAsync(await _staff.PostAsJsonAsync("/api/surveys/pulse/themes", new { name }))).GetProperty("id").GetInt64();

    private async Task TagAsync(long answer, long theme) =>
        Assert.Equal(HttpStatusCode.OK, (await _staff.PostAsJsonAsync($"/api/surveys/pulse/answers/{answer}/themes", new { themes = new[] { theme } })).StatusCode);

    private async Task<Guid> QuoteAsync(long answer) =>
        (await Json.ReadAsync(await _staff.PostAsJsonAsync("/api/surveys/pulse/quotes", new { answer }))).GetProperty("id").GetGuid();

    private async Task<string> PageAsync(string path = "/results/pulse")
    {
        var response = await _service.CreateClient().GetAsync(path);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task PublicPage_ShowsThemeCounts_ThroughDisclosureControl()
    {
        var page = await PageAsync();
        var welsh = await PageAsync("/results/pulse?lang=cy");

        Assert.Contains("What people wrote about", page);
        Assert.Contains("20 people wrote an answer", page);
        Assert.Contains("8 out of 20 people", page);
        Assert.Contains("Fewer than 5 out of 20 people", page);
        Assert.DoesNotContain("3 out of 20", page);
        Assert.Contains("Ysgrifennodd 20 o bobl ateb", welsh);
        Assert.Contains("8 allan o 20 o bobl", welsh);
    }

    [Fact]
    public async Task PublicPage_NeverShowsAQuoteBeforeItIsApproved_NorAfterItIsWithdrawn()
    {
        var quote = await QuoteAsync(_answers[^1]);
        Assert.DoesNotContain("More trips to the seaside", await PageAsync());

        await _staff.PostAsync($"/api/surveys/pulse/quotes/{quote}/approve", null);
        Assert.Contains("More trips to the seaside please", await PageAsync());
        Assert.Contains("More trips to the seaside please", await PageAsync("/results/pulse?lang=cy"));

        await _staff.PostAsync($"/api/surveys/pulse/quotes/{quote}/withdraw", null);
        Assert.DoesNotContain("More trips to the seaside", await PageAsync());
    }

    [Fact]
    public async Task PublicPage_ShowsOnlyTheRedactedEdit_OfAFlaggedQuote_AndNoPersonalData()
    {
        var quote = await QuoteAsync(_answers[0]);
        var refused = await _staff.PostAsync($"/api/surveys/pulse/quotes/{quote}/approve", null);
        Assert.Equal(HttpStatusCode.Conflict, refused.StatusCode);
        await _staff.PutAsJsonAsync($"/api/surveys/pulse/quotes/{quote}", new { text = "[name] drives too fast" });
        await _staff.PostAsync($"/api/surveys/pulse/quotes/{quote}/approve", null);

        var page = await PageAsync();
        var welsh = await PageAsync("/results/pulse?lang=cy");

        Assert.Contains("[name] drives too fast", page);
        Assert.Contains("[name] drives too fast", welsh);
        foreach (var text in new[] { page, welsh })
        {
            Assert.DoesNotContain("Zebedee", text);
            Assert.DoesNotContain("07700", text);
            Assert.DoesNotContain("900999", text);
            Assert.All(_people, p => Assert.DoesNotContain(p.Phone, text));
            Assert.All(_people, p => Assert.DoesNotContain(p.Name, text));
        }
    }
}
