using System.Net;
using System.Net.Http.Json;
using CoProduction.Bot.Tests.Infrastructure;

namespace CoProduction.Bot.Tests.Results;

/// <summary>
/// The public results page through the real HTTP pipeline, as a member of the public opens it:
/// no key, no sign-in. 12 people answered the round: happy 4 (7), 5 (3), 2 (2); safe yes (10),
/// unclear (2); matters friends (6), work (6); each wrote a text answer naming someone.
/// </summary>
public sealed class PublicResultsPageTests : IAsyncLifetime
{
    private readonly ServiceFactory _service = new();
    private Guid _round;
    private List<(string Name, string Phone)> _people = [];

    public async Task InitializeAsync()
    {
        _round = await PulseSurvey.PublishedWithRoundAsync(_service);
        _people.AddRange(await ResultsSeed.AddPeopleAsync(_service.Services, _round, 6, "happy=4 safe=yes matters=friends visits=3 when=2026-05-04 change=text:Ring_Zebedee_on_07700_900999_please"));
        _people.AddRange(await ResultsSeed.AddPeopleAsync(_service.Services, _round, 1, "happy=4 safe=yes matters=work visits=12 change=-"));
        _people.AddRange(await ResultsSeed.AddPeopleAsync(_service.Services, _round, 3, "happy=5 safe=yes matters=work visits=4"));
        _people.AddRange(await ResultsSeed.AddPeopleAsync(_service.Services, _round, 2, "happy=2 safe=? matters=work visits=5"));
    }

    public Task DisposeAsync()
    {
        _service.Dispose();
        return Task.CompletedTask;
    }

    private async Task ReleaseAsync()
    {
        var response = await _service.StaffClient().PostAsJsonAsync("/api/surveys/pulse/releases", new { round = _round });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
    }

    private async Task<string> PublicPageAsync(string path = "/results/pulse")
    {
        var response = await _service.CreateClient().GetAsync(path);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Page_SaysTheResultsAreNotReady_UntilStaffReleaseThem()
    {
        var page = await PublicPageAsync();

        Assert.Contains("The results are not ready yet", page);
        Assert.DoesNotContain("out of", page);
    }

    [Fact]
    public async Task Page_ShowsEasyReadFigures_ToAnyoneWithoutSigningIn()
    {
        await ReleaseAsync();

        var page = await PublicPageAsync();

        Assert.Contains("12 people answered.", page);
        Assert.Contains("7 out of 12 people", page);
        Assert.Contains("6 out of 12 people", page);
        // 2 and 3 people: "fewer than 5", without a bar.
        Assert.Contains("Fewer than 5 out of 12 people", page);
        // "yes" (10) would give away the 2 unclear answers: hidden.
        Assert.Contains("Not shown, so nobody can be picked out", page);
        Assert.DoesNotContain("10 out of 12", page);
        Assert.DoesNotContain("3 out of 12", page);
        Assert.DoesNotContain("2 out of 12", page);
        Assert.Contains("Friends and family", page);
    }

    [Fact]
    public async Task Page_ShowsTheActions_WithTheirStatus()
    {
        await ReleaseAsync();
        var staff = _service.StaffClient();
        await staff.PostAsJsonAsync("/api/surveys/pulse/actions", new { question = "happy", text = "Support workers will visit more often.", status = "planned" });
        await staff.PostAsJsonAsync("/api/surveys/pulse/actions", new { text = "We painted the lounge green.", status = "done" });
        await staff.PostAsJsonAsync("/api/surveys/pulse/actions", new { text = "A weekly swimming trip.", status = "not-possible", why = "The pool closed in May." });

        var page = await PublicPageAsync();

        Assert.Contains("We plan to do this. Support workers will visit more often.", Squash(page));
        Assert.Contains("We did this. We painted the lounge green.", Squash(page));
        Assert.Contains("We could not do this. A weekly swimming trip.", Squash(page));
        Assert.Contains("Why: The pool closed in May.", Squash(page));
    }

    [Fact]
    public async Task Page_IsInWelsh_WithLangCy()
    {
        await ReleaseAsync();

        var page = await PublicPageAsync("/results/pulse?lang=cy");

        Assert.Contains("<html lang=\"cy\">", page);
        Assert.Contains("Atebodd 12 o bobl.", page);
        Assert.Contains("7 allan o 12 o bobl", page);
        Assert.Contains("Llai na 5 allan o 12 o bobl", page);
        Assert.Contains("href=\"?lang=en\"", page);
    }

    [Fact]
    public async Task WelshPage_ShowsTheActionsInWelsh_AndInEnglishWhenTheyHaveNoWelsh()
    {
        await ReleaseAsync();
        var staff = _service.StaffClient();
        await staff.PostAsJsonAsync("/api/surveys/pulse/actions",
            new { question = "happy", text = "A swimming trip", status = "not-possible", why = "The pool closed", cy = new { text = "Taith nofio", why = "Caeodd y pwll" } });
        await staff.PostAsJsonAsync("/api/surveys/pulse/actions", new { text = "We hired two drivers.", status = "done" });

        var welsh = await PublicPageAsync("/results/pulse?lang=cy");
        var english = await PublicPageAsync();

        Assert.Contains("Taith nofio", welsh);
        Assert.Contains("Caeodd y pwll", welsh);
        Assert.DoesNotContain("A swimming trip", welsh);
        // No Welsh given: the English, as survey wording without Welsh is shown.
        Assert.Contains("We hired two drivers.", welsh);
        Assert.Contains("A swimming trip", english);
        Assert.Contains("The pool closed", english);
        Assert.DoesNotContain("Taith nofio", english);
    }

    [Fact]
    public async Task Page_HoldsNoPersonalData()
    {
        await ReleaseAsync();
        await _service.StaffClient().PostAsJsonAsync("/api/surveys/pulse/actions", new { text = "We listened.", status = "done" });

        var pages = new[] { await PublicPageAsync(), await PublicPageAsync("/results/pulse?lang=cy") };

        foreach (var page in pages)
        {
            foreach (var (name, phone) in _people)
            {
                Assert.DoesNotContain(name, page);
                Assert.DoesNotContain(phone, page);
                Assert.DoesNotContain("0" + phone[3..], page);
            }
            // Text answers and dates never appear.
            Assert.DoesNotContain("Zebedee", page);
            Assert.DoesNotContain("900999", page);
            Assert.DoesNotContain("2026-05-04", page);
            Assert.DoesNotContain(_round.ToString(), page);
        }
    }

    [Theory]
    [InlineData("/results/nope")]
    [InlineData("/results/not%20a%20survey")]
    public async Task Page_Returns404_InPlainWords_ForNoSuchSurvey(string path)
    {
        var response = await _service.CreateClient().GetAsync(path);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Contains("We could not find that survey", await response.Content.ReadAsStringAsync());
    }

    private static string Squash(string html) =>
        System.Text.RegularExpressions.Regex.Replace(System.Text.RegularExpressions.Regex.Replace(html, "<[^>]+>", " "), @"\s+", " ");
}
