using System.Net;
using System.Net.Http.Json;
using System.Text;
using CoProduction.Bot.Tests.Infrastructure;

namespace CoProduction.Bot.Tests.Staff;

/// <summary>
/// The board raises the disclosure thresholds, through the real pipeline: the API and the page
/// (English and Welsh). 12 people answered the released round: shown while the smallest group is
/// 10, hidden once the board makes it 15. Staff and the public cannot change them; bad input is a 400.
/// </summary>
public sealed class DisclosureTests : IAsyncLifetime
{
    private readonly ServiceFactory _service = new();
    private Guid _round;

    public async Task InitializeAsync()
    {
        _round = await PulseSurvey.PublishedWithRoundAsync(_service);
        await ResultsSeed.AddPeopleAsync(_service.Services, _round, 7, "happy=4 safe=yes matters=friends");
        await ResultsSeed.AddPeopleAsync(_service.Services, _round, 5, "happy=5 safe=yes matters=work");
    }

    public Task DisposeAsync()
    {
        _service.Dispose();
        return Task.CompletedTask;
    }

    private static StringContent JsonBody(string json, string type = "application/json") => new(json, Encoding.UTF8, type);

    private async Task<(int Group, int Small)> ThresholdsAsync()
    {
        var now = await Json.ReadAsync(await _service.StaffClient().GetAsync("/api/results/disclosure"));
        return (now.GetProperty("minimumGroup").GetInt32(), now.GetProperty("smallCount").GetInt32());
    }

    private async Task<string> PublicPageAsync()
    {
        var response = await _service.CreateClient().GetAsync("/results/pulse");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task BoardRaisesTheSmallestGroupTo15_AndThePublicPageNoLongerShowsTheTwelve()
    {
        Assert.Equal(HttpStatusCode.Created, (await _service.StaffClient().PostAsJsonAsync("/api/surveys/pulse/releases", new { round = _round })).StatusCode);
        var before = await PublicPageAsync();
        var board = await SignIns.MemberAsync(_service, "Sam Evans", "expert-by-experience");

        var raised = await board.Client.PutAsync("/api/results/disclosure", JsonBody("""{ "minimumGroup": 15 }"""));

        Assert.Equal(HttpStatusCode.OK, raised.StatusCode);
        Assert.Equal(15, (await Json.ReadAsync(raised)).GetProperty("minimumGroup").GetInt32());
        Assert.Contains("12 people answered.", before);
        Assert.Contains("7 out of 12 people", before);
        var after = await PublicPageAsync();
        Assert.Contains("Fewer than 15 people answered.", after);
        Assert.DoesNotContain("12 people answered", after);
        Assert.DoesNotContain("out of 12", after);
        var audit = Assert.Single((await Json.ReadAsync(await _service.StaffClient().GetAsync("/api/audit?what=disclosure-raised"))).EnumerateArray());
        Assert.Equal("Sam Evans", audit.GetProperty("actor").GetString());
        Assert.Contains("10 -> 15", audit.GetProperty("detail").GetString());
    }

    [Fact]
    public async Task StaffAndThePublicCannotChangeThem_AndTheyStayAsTheyWere()
    {
        var staff = (await SignIns.StaffAsync(_service, "staff")).Client;
        await SignIns.UseAntiforgeryAsync(staff);

        var byStaff = await staff.PutAsync("/api/results/disclosure", JsonBody("""{ "minimumGroup": 15 }"""));
        var byPublic = await _service.CreateClient().PutAsync("/api/results/disclosure", JsonBody("""{ "minimumGroup": 15 }"""));

        Assert.Equal(HttpStatusCode.Forbidden, byStaff.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, byPublic.StatusCode);
        Assert.Equal((10, 5), await ThresholdsAsync());
    }

    [Theory]
    [InlineData("""{ "minimumGroup": 9 }""", "can be raised, never lowered")]
    [InlineData("""{ "smallCount": 4 }""", "can be raised, never lowered")]
    [InlineData("""{ "minimumGroup": 101 }""", "at most 100")]
    [InlineData("""{ "minimumGroup": "lots" }""", "whole numbers")]
    [InlineData("""{ "minimumGroup": 12.5 }""", "whole numbers")]
    [InlineData("""{ }""", "whole numbers")]
    [InlineData("""{ "minimumGroup": """, "whole numbers")]
    [InlineData("""[15]""", "whole numbers")]
    public async Task BadOrLowerNumbers_Are400WithAPlainReason_AndChangeNothing(string json, string reason)
    {
        var response = await _service.StaffClient().PutAsync("/api/results/disclosure", JsonBody(json));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains(reason, (await Json.ReadAsync(response)).GetProperty("detail").GetString());
        Assert.Equal((10, 5), await ThresholdsAsync());
    }

    [Fact]
    public async Task NotJson_Is415()
    {
        var response = await _service.StaffClient().PutAsync("/api/results/disclosure", JsonBody("minimumGroup=15", "text/plain"));

        Assert.Equal(HttpStatusCode.UnsupportedMediaType, response.StatusCode);
        Assert.Equal((10, 5), await ThresholdsAsync());
    }

    [Fact]
    public async Task Page_InWelsh_ShowsProblemsInWelsh_ThenSavesARaise()
    {
        var board = (await SignIns.MemberAsync(_service, "Bryn", "peer-researcher")).Client;
        const string page = "/staff/disclosure?lang=cy";

        var notANumber = await StaffBrowser.PostFormAsync(board, page, new() { ["minimumGroup"] = "pymtheg", ["smallCount"] = "5" });
        var lower = await StaffBrowser.PostFormAsync(board, page, new() { ["minimumGroup"] = "8", ["smallCount"] = "5" });
        var saved = await StaffBrowser.PostFormAsync(board, page, new() { ["minimumGroup"] = "15", ["smallCount"] = "6" });

        Assert.Equal(HttpStatusCode.BadRequest, notANumber.StatusCode);
        var first = WebUtility.HtmlDecode(await notANumber.Content.ReadAsStringAsync());
        Assert.Contains("<html lang=\"cy\">", first);
        Assert.Contains("Mae problem", first);
        Assert.DoesNotContain("There is a problem", first);
        Assert.Contains("<a href=\"#minimumGroup\">Rhowch y grŵp lleiaf a ddangosir fel rhif cyfan, fel 15</a>", first);
        Assert.Equal(HttpStatusCode.BadRequest, lower.StatusCode);
        Assert.Contains("Mae'r grŵp lleiaf a ddangosir yn 10 nawr a dim ond ei godi sy'n bosibl", WebUtility.HtmlDecode(await lower.Content.ReadAsStringAsync()));
        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
        Assert.Equal(page, saved.Headers.Location!.OriginalString);
        Assert.Contains("Wedi'i gadw. Mae canlyniadau cyhoeddus nawr yn defnyddio 15 a 6.", WebUtility.HtmlDecode(await board.GetStringAsync(page)));
        Assert.Equal((15, 6), await ThresholdsAsync());
    }

    [Fact]
    public async Task Page_InEnglish_SaysThereIsAProblem_AndLeavesTheNumbersAsTheyWere()
    {
        var admin = (await SignIns.StaffAsync(_service, "admin")).Client;

        var response = await StaffBrowser.PostFormAsync(admin, "/staff/disclosure", new() { ["minimumGroup"] = "10", ["smallCount"] = "3" });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var html = WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync());
        Assert.Contains("There is a problem", html);
        Assert.Contains("The \"fewer than\" number is 5 now and can only be raised: enter 5 or more", html);
        Assert.Equal((10, 5), await ThresholdsAsync());
    }
}
