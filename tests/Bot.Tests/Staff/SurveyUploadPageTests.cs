using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.RegularExpressions;
using CoProduction.Bot.Tests.Infrastructure;
using CoProduction.Store;
using CoProduction.Surveys.Definitions;
using CoProduction.Surveys.Loading;
using Microsoft.Extensions.DependencyInjection;

namespace CoProduction.Bot.Tests.Staff;

/// <summary>
/// The survey upload page, as a care-home manager uses it: a form made in KoboToolbox uploads as
/// it is, the keyword is suggested from its form_id (or left empty), and every problem is named
/// with its row or line in the error summary, with the store unchanged.
/// </summary>
public sealed partial class SurveyUploadPageTests : IClassFixture<ServiceFactory>
{
    private const string Page = "/staff/surveys/upload";
    private readonly ServiceFactory _service;

    public SurveyUploadPageTests(ServiceFactory service) => _service = service;

    [Fact]
    public async Task KoboToolboxForm_Uploads_WithTheKeywordSuggestedFromItsFormId()
    {
        var staff = (await SignIns.StaffAsync(_service)).Client;

        var asked = await UploadAsync(staff, KoboForm.Workbook(KoboForm.HomeLifeSurvey), "home_life_2026.xlsx");

        Assert.Equal(HttpStatusCode.OK, asked.StatusCode);
        var page = await asked.Content.ReadAsStringAsync();
        Assert.Contains("Choose a keyword for Home life 2026", page);
        Assert.Contains("value=\"HOMELIFE2026\"", page);

        var saved = await ChooseKeywordAsync(staff, page, "HOMELIFE");

        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
        Assert.Equal("/staff/review/home-life-2026?uploaded=1", saved.Headers.Location!.OriginalString);
        var surveys = await _service.StaffClient().GetStringAsync("/api/surveys");
        Assert.Contains("\"keyword\":\"HOMELIFE\"", surveys);
        var review = WebUtility.HtmlDecode(await staff.GetStringAsync(saved.Headers.Location.OriginalString));
        Assert.Contains("Uploaded as version 1", review);
        Assert.Contains("Do you feel safe where you live?", review);

        var stored = Stored("home-life-2026");
        Assert.Equal("HOMELIFE", stored.Keyword);
        Assert.Equal("Hello from Rose Court. We would like to hear how life at home is going.", stored.Intro.Get("en"));
        Assert.Equal("Thank you for your time.", stored.Outro.Get("en"));
        Assert.Equal(["feel_safe", "family_visits", "favourite_activity", "one_change"], stored.Questions.Select(q => q.Id));
        Assert.Equal(QuestionType.YesNo, stored.Questions[0].Type);
        Assert.Equal((QuestionType.Number, 0, 31), (stored.Questions[1].Type, stored.Questions[1].Min, stored.Questions[1].Max));
        Assert.Equal(["gardening", "music", "outings"], stored.Questions[2].Options.Select(o => o.Id));
        Assert.True(stored.Questions[3].Optional);
        Assert.Equal("feel_safe", stored.Questions[3].AskWhen!.QuestionId);
    }

    [Fact]
    public async Task KoboToolboxForm_WithTheKeywordLeftEmpty_IsSavedForInvitationsOnly()
    {
        var staff = (await SignIns.StaffAsync(_service)).Client;
        var asked = await UploadAsync(staff, KoboForm.Workbook(KoboForm.HomeLifeSurvey, formId: "invite_only"), "invite.xlsx");

        var saved = await ChooseKeywordAsync(staff, await asked.Content.ReadAsStringAsync(), "");

        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
        Assert.Contains("\"id\":\"invite-only\",\"title\":\"Home life 2026\",\"keyword\":\"\"", await _service.StaffClient().GetStringAsync("/api/surveys"));
    }

    [Fact]
    public async Task YamlFileWithAKeyword_IsSavedAtOnce()
    {
        var staff = (await SignIns.StaffAsync(_service)).Client;
        var yaml = "id: lunch\ntitle: Lunch\nkeyword: LUNCH\nintro: Hello\noutro: Thanks\nquestions:\n  - id: tasty\n    type: yesno\n    text: Was lunch tasty?\n";

        var saved = await UploadAsync(staff, Encoding.UTF8.GetBytes(yaml), "lunch.yaml");

        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
        Assert.Equal("/staff/review/lunch?uploaded=1", saved.Headers.Location!.OriginalString);
    }

    [Fact]
    public async Task SpreadsheetWithAQuestionWeCannotAsk_IsRefused_NamingItsRow_AndNothingIsSaved()
    {
        var staff = (await SignIns.StaffAsync(_service)).Client;
        var before = await _service.StaffClient().GetStringAsync("/api/surveys");
        var rows = KoboForm.HomeLifeSurvey.Append(KoboForm.Row("select_multiple activities", "all_activities", "Which do you like?")).ToArray();

        var refused = await UploadAsync(staff, KoboForm.Workbook(rows, formId: "refused"), "refused.xlsx");

        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        var page = WebUtility.HtmlDecode(await refused.Content.ReadAsStringAsync());
        Assert.Contains("There is a problem", page);
        Assert.Contains("<a href=\"#survey-file\">Survey row 10 (all_activities): select_multiple activities is not supported", page);
        Assert.Equal(before, await _service.StaffClient().GetStringAsync("/api/surveys"));
    }

    [Fact]
    public async Task YamlFileWithAMistake_IsRefused_NamingItsLine()
    {
        var staff = (await SignIns.StaffAsync(_service)).Client;
        var yaml = "id: bad\ntitle: Bad\nintro: Hello\noutro: Thanks\nquestions:\n  - id: q\n    type: scale\n    text: How much?\n    min: 5\n    max: 1\n";

        var refused = await UploadAsync(staff, Encoding.UTF8.GetBytes(yaml), "bad.yaml");

        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Matches(@"<a href=""#survey-file"">Line \d+ \(questions\[1\]", WebUtility.HtmlDecode(await refused.Content.ReadAsStringAsync()));
    }

    [Fact]
    public async Task NoFile_IsRefused_WithTheErrorSummaryLinkingToTheFileField()
    {
        var staff = (await SignIns.StaffAsync(_service)).Client;
        var token = await StaffBrowser.TokenAsync(staff, Page);

        var refused = await staff.PostAsync(Page, new FormUrlEncodedContent(new Dictionary<string, string> { ["__RequestVerificationToken"] = token }));

        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        var page = await refused.Content.ReadAsStringAsync();
        Assert.Contains("<a href=\"#survey-file\">Choose a survey file", page);
        Assert.Contains("id=\"survey-file-error\"", page);
        Assert.Contains("aria-describedby=\"survey-file-hint survey-file-error\"", page);
    }

    [Theory]
    [InlineData("STOP", "cannot be a survey keyword")]
    [InlineData("two words", "must be one word")]
    public async Task KeywordThatCannotBeUsed_IsRefused_AtTheKeywordField_AndNothingIsSaved(string keyword, string reason)
    {
        var staff = (await SignIns.StaffAsync(_service)).Client;
        var asked = await UploadAsync(staff, KoboForm.Workbook(KoboForm.HomeLifeSurvey, formId: "kw_test"), "kw.xlsx");

        var refused = await ChooseKeywordAsync(staff, await asked.Content.ReadAsStringAsync(), keyword);

        var page = WebUtility.HtmlDecode(await refused.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Contains("<a href=\"#keyword\">", page);
        Assert.Contains(reason, page);
        Assert.DoesNotContain("\"id\":\"kw-test\"", await _service.StaffClient().GetStringAsync("/api/surveys"));
    }

    [Fact]
    public async Task Viewer_CannotOpenTheUploadPage()
    {
        var viewer = (await SignIns.StaffAsync(_service, "viewer")).Client;

        var response = await viewer.GetAsync(Page);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.StartsWith("/staff/denied", response.Headers.Location!.PathAndQuery);
    }

    /// <summary>The survey as the store keeps it (the YAML the board approves), read back.</summary>
    private SurveyDefinition Stored(string id)
    {
        using var scope = _service.Services.CreateScope();
        var yaml = scope.ServiceProvider.GetRequiredService<StoreDbContext>().SurveyVersions.Where(v => v.SurveyId == id).OrderByDescending(v => v.Version).First().Yaml;
        return SurveyFileParser.Parse(yaml).Survey!;
    }

    private static async Task<HttpResponseMessage> UploadAsync(HttpClient client, byte[] file, string fileName)
    {
        var token = await StaffBrowser.TokenAsync(client, Page);
        var form = new MultipartFormDataContent { { new StringContent(token), "__RequestVerificationToken" } };
        var content = new ByteArrayContent(file);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        form.Add(content, "SurveyFile", fileName);
        return await client.PostAsync(Page, form);
    }

    /// <summary>The second step, posted back as the browser would: the hidden survey and the keyword field.</summary>
    private static async Task<HttpResponseMessage> ChooseKeywordAsync(HttpClient client, string keywordPage, string keyword)
    {
        var yaml = WebUtility.HtmlDecode(HiddenYaml().Match(keywordPage).Groups[1].Value);
        Assert.Contains("questions:", yaml);
        var token = WebUtility.HtmlDecode(Token().Match(keywordPage).Groups[1].Value);
        return await client.PostAsync(Page + "?handler=Keyword", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = token, ["Yaml"] = yaml, ["Keyword"] = keyword,
        }));
    }

    [GeneratedRegex("name=\"Yaml\" value=\"([^\"]*)\"")]
    private static partial Regex HiddenYaml();

    [GeneratedRegex("name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"")]
    private static partial Regex Token();
}
