using System.Net;
using System.Text.RegularExpressions;
using CoProduction.Bot.Tests.Infrastructure;
using CoProduction.Surveys.Definitions;
using Microsoft.AspNetCore.Mvc.Testing;

namespace CoProduction.Bot.Tests.Staff;

/// <summary>
/// The staff and board results page through the real pipeline, signed in as staff. 30 people in
/// the round: happy 4 (12), 5 (15), unclear (3); 20 by SMS, 10 by voice.
/// </summary>
public sealed partial class StaffResultsPageTests : IAsyncLifetime
{
    private readonly ServiceFactory _service = new();
    private Guid _round;

    public async Task InitializeAsync()
    {
        _round = await PulseSurvey.PublishedWithRoundAsync(_service);
        await ResultsSeed.AddPeopleAsync(_service.Services, _round, 12, "happy=4 matters=friends");
        await ResultsSeed.AddPeopleAsync(_service.Services, _round, 8, "happy=5 matters=work");
        await ResultsSeed.AddPeopleAsync(_service.Services, _round, 7, "happy=5 matters=work", Channel.Voice, "cy");
        await ResultsSeed.AddPeopleAsync(_service.Services, _round, 3, "happy=? matters=work", Channel.Voice, "cy");
    }

    public Task DisposeAsync()
    {
        _service.Dispose();
        return Task.CompletedTask;
    }

    private async Task<HttpClient> SignedInAsync() => (await SignIns.StaffAsync(_service)).Client;

    [Fact]
    public async Task Page_SendsToSignIn_WhenNotSignedIn()
    {
        var client = _service.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });

        var response = await client.GetAsync("/staff/results/pulse");

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
    }

    [Fact]
    public async Task Page_ShowsCountsSharesMeanAndMedian_WithAChartAScreenReaderCanUse()
    {
        var client = await SignedInAsync();

        var page = WebUtility.HtmlDecode(await client.GetStringAsync($"/staff/results/pulse?round={_round}"));

        // 4: 12 of 30 = 40%; 5: 15 of 30 = 50%; unclear 3 of 30 = 10%. Mean (48 + 75) / 27 = 4.56; median 5.
        Assert.Contains("12 out of 30 people (40%)", page);
        Assert.Contains("15 out of 30 people (50%)", page);
        Assert.Contains("Unclear: 10%", page);
        Assert.Contains("Mean 4.56, median 5.", page);
        Assert.Contains("Most common answer: 5 (Very happy), 15 out of 30 people (50%).", page);
        Assert.Matches(ChartWithTitleAndDescription(), page);
        Assert.Contains("<desc id=\"q-happy-desc\">4: 12 out of 30 people (40%); 5 (Very happy): 15 out of 30 people (50%).</desc>", page);
        Assert.Contains("<figcaption>", page);
        Assert.Contains("<th scope=\"row\" data-label=\"Answer\">Friends and family</th>", page);
        // Round response and completion: all 30 invited answered and finished.
        Assert.Contains("<td data-label=\"Response\">100%</td>", page);
    }

    [Theory]
    [InlineData("channel", "Sms: 20 out of 30 people (67%)", "Voice: 10 out of 30 people (33%)")]
    [InlineData("language", "en: 20 out of 30 people (67%)", "cy: 10 out of 30 people (33%)")]
    public async Task Page_BreaksDownOneWayAtATime(string by, string first, string second)
    {
        var client = await SignedInAsync();

        var page = WebUtility.HtmlDecode(await client.GetStringAsync($"/staff/results/pulse?round={_round}&by={by}"));

        Assert.Contains($"Answered, by {by}", page);
        Assert.Contains(first, page);
        Assert.Contains(second, page);
    }

    [Theory]
    [InlineData("/staff/results/nope")]
    [InlineData("/staff/results/pulse?round=soon")]
    [InlineData("/staff/results/pulse?round=6f1c1f57-0000-4000-8000-000000000000")]
    public async Task Page_Returns404_ForNoSuchSurveyOrRound(string path)
    {
        var client = await SignedInAsync();

        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync(path)).StatusCode);
    }

    [GeneratedRegex("""<svg class="chart" role="img" aria-labelledby="q-happy-title q-happy-desc"[^>]*><title id="q-happy-title">How happy are you with your support\?</title>""")]
    private static partial Regex ChartWithTitleAndDescription();
}
