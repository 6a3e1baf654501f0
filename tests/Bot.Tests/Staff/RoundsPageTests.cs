using System.Globalization;
using System.Net;
using System.Text;
using CoProduction.Bot.Tests.Infrastructure;

namespace CoProduction.Bot.Tests.Staff;

/// <summary>
/// Scheduling a round in the browser: the survey and the groups come from lists, the times are
/// on the organisation's clock (Europe/London: GMT in winter, BST in summer), and a time the
/// clocks skip or pass twice is refused in plain words, with nothing saved.
/// </summary>
public sealed class RoundsPageTests : IClassFixture<ServiceFactory>, IAsyncLifetime
{
    private const string Page = "/staff/rounds";
    private readonly ServiceFactory _service;
    private HttpClient _staff = null!;

    public RoundsPageTests(ServiceFactory service) => _service = service;

    public async Task InitializeAsync()
    {
        var csv = "name,phone,groups\nAda,+447400100201,rose-court\nBen,+447400100202,rose-court;day-centre\n";
        var imported = await _service.StaffClient().PostAsync("/api/people", new StringContent(csv, Encoding.UTF8, "text/csv"));
        Assert.Equal(HttpStatusCode.OK, imported.StatusCode);
        _staff = (await SignIns.StaffAsync(_service)).Client;
    }

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task Form_OffersThePublishedSurveysAndTheGroups_AsLists()
    {
        var page = await _staff.GetStringAsync(Page);

        Assert.Contains("<option value=\"checkin\"", page);
        Assert.Contains("value=\"rose-court\"", page);
        Assert.Contains("rose-court (2 people)", page);
        Assert.Contains("day-centre (1 person)", page);
    }

    [Theory]
    [InlineData("2099-07-01", "09:00", "2099-07-01T08:00:00+00:00")]
    [InlineData("2099-01-15", "09:00", "2099-01-15T09:00:00+00:00")]
    public async Task Round_IsScheduled_AtTheLocalTimeEntered_InSummerAndWinter(string date, string time, string utc)
    {
        var response = await PostAsync(new() { ["Survey"] = "checkin", ["Groups"] = "rose-court", ["Channel"] = "sms",
            ["OpensDate"] = date, ["OpensTime"] = time, ["ClosesDate"] = "2099-12-31", ["ClosesTime"] = "17:00" });

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var details = response.Headers.Location!.OriginalString;
        var id = details.Split('/').Last();
        var round = await Json.ReadAsync(await _service.StaffClient().GetAsync($"/api/rounds/{id}"));
        Assert.Equal(DateTimeOffset.Parse(utc, CultureInfo.InvariantCulture), round.GetProperty("opens").GetDateTimeOffset());
        var shown = await _staff.GetStringAsync(details);
        Assert.Contains(time + (date.Contains("-07-") ? " British Summer Time" : " Greenwich Mean Time"), shown);
    }

    [Fact]
    public async Task TimeTheClocksSkip_IsRefused_InPlainWords_AndNothingIsSaved()
    {
        var before = await RoundCountAsync();
        var springForward = LastSunday(2099, 3);

        var response = await PostAsync(new() { ["Survey"] = "checkin", ["Groups"] = "rose-court", ["Channel"] = "sms",
            ["OpensDate"] = springForward, ["OpensTime"] = "01:30", ["ClosesDate"] = "2099-12-31", ["ClosesTime"] = "17:00" });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("does not happen: the clocks go forward that night", await response.Content.ReadAsStringAsync());
        Assert.Contains("<a href=\"#opens-time\">", await response.Content.ReadAsStringAsync());
        Assert.Equal(before, await RoundCountAsync());
    }

    [Fact]
    public async Task TimeTheClocksPassTwice_IsRefused_InPlainWords_AndNothingIsSaved()
    {
        var before = await RoundCountAsync();

        var response = await PostAsync(new() { ["Survey"] = "checkin", ["Groups"] = "rose-court", ["Channel"] = "sms",
            ["ClosesDate"] = LastSunday(2099, 10), ["ClosesTime"] = "01:30" });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("happens twice: the clocks go back that night", await response.Content.ReadAsStringAsync());
        Assert.Equal(before, await RoundCountAsync());
    }

    [Theory]
    [InlineData("", "rose-court", "2099-12-31", "17:00", "", "survey", "Choose a published survey")]
    [InlineData("nope", "rose-court", "2099-12-31", "17:00", "", "survey", "Choose a published survey")]
    [InlineData("checkin", "", "2099-12-31", "17:00", "", "groups", "Choose at least one group")]
    [InlineData("checkin", "rose-court", "", "", "", "closes-date", "Enter the date the round closes")]
    [InlineData("checkin", "rose-court", "31/12/2099", "17:00", "", "closes-date", "as a real date")]
    [InlineData("checkin", "rose-court", "2099-12-31", "5pm", "", "closes-time", "24-hour clock")]
    [InlineData("checkin", "rose-court", "2000-01-01", "17:00", "", "closes-date", "must close after it opens")]
    [InlineData("checkin", "rose-court", "2099-12-31", "17:00", "NaN", "reminder", "whole number from 1 to 60")]
    [InlineData("checkin", "rose-court", "2099-12-31", "17:00", "0", "reminder", "whole number from 1 to 60")]
    public async Task FormWithAProblem_IsRefused_WithTheErrorSummaryLinkingToTheField_AndNothingIsSaved(
        string survey, string group, string date, string time, string reminder, string field, string message)
    {
        var before = await RoundCountAsync();

        var response = await PostAsync(new() { ["Survey"] = survey, ["Groups"] = group, ["Channel"] = "preferred",
            ["ClosesDate"] = date, ["ClosesTime"] = time, ["ReminderAfterDays"] = reminder });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var page = WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync());
        Assert.Contains("There is a problem", page);
        Assert.Contains($"<a href=\"#{field}\">", page);
        Assert.Contains(message, page);
        Assert.Contains($"id=\"{field}\"", page);
        Assert.Equal(before, await RoundCountAsync());
    }

    private Task<HttpResponseMessage> PostAsync(Dictionary<string, string> fields) => StaffBrowser.PostFormAsync(_staff, Page, fields);

    private async Task<int> RoundCountAsync() =>
        (await Json.ReadAsync(await _service.StaffClient().GetAsync("/api/rounds"))).GetArrayLength();

    private static string LastSunday(int year, int month)
    {
        var day = new DateOnly(year, month, DateTime.DaysInMonth(year, month));
        while (day.DayOfWeek != DayOfWeek.Sunday) day = day.AddDays(-1);
        return day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
    }
}
