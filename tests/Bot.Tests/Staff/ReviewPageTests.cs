using System.Net;
using CoProduction.Bot.Tests.Infrastructure;
using Microsoft.AspNetCore.Mvc.Testing;

namespace CoProduction.Bot.Tests.Staff;

public sealed class ReviewPageTests : IClassFixture<ServiceFactory>
{
    private readonly ServiceFactory _service;

    public ReviewPageTests(ServiceFactory service) => _service = service;

    private async Task<HttpClient> SignedInAsync()
    {
        var client = _service.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = true, HandleCookies = true });
        var signIn = await StaffBrowser.PostFormAsync(client, "/staff/signin", new Dictionary<string, string> { ["key"] = ServiceFactory.StaffKey });
        Assert.Equal(HttpStatusCode.OK, signIn.StatusCode);
        return client;
    }

    [Fact]
    public async Task ReviewPage_ShowsEachQuestionAsSmsVoiceChatAndEasyRead_WithChecks()
    {
        var client = await SignedInAsync();

        var page = await client.GetStringAsync("/staff/review/checkin");

        Assert.Contains("Text message (SMS)", page);
        Assert.Contains("Phone call (voice)", page);
        Assert.Contains("Web chat", page);
        Assert.Contains("Easy read", page);
        Assert.Contains("GSM-7", page);
        Assert.Contains("Do you like your support? 1 means not at all.", page);
        Assert.Contains("<label for=\"p-text-happy\">", page);
    }

    [Fact]
    public async Task ReviewPage_FormsRecordAProposalAndAFlag()
    {
        var staff = _service.StaffClient();
        var member = await Board.AddMemberAsync(staff, "Sam", "expert-by-experience");
        var client = await SignedInAsync();

        var proposed = await StaffBrowser.PostFormAsync(client, "/staff/review/checkin?handler=Propose", new Dictionary<string, string>
        {
            ["Member"] = member, ["Question"] = "safe", ["Language"] = "en", ["Variant"] = "easy-read", ["Text"] = "Are you safe where you live?",
        });
        var flagged = await StaffBrowser.PostFormAsync(client, "/staff/review/checkin?handler=Flag", new Dictionary<string, string>
        {
            ["Member"] = member, ["Question"] = "visits", ["Channel"] = "sms", ["Text"] = "Which month?",
        });

        Assert.Equal(HttpStatusCode.OK, proposed.StatusCode);
        Assert.Equal(HttpStatusCode.OK, flagged.StatusCode);
        var page = await client.GetStringAsync("/staff/review/checkin");
        Assert.Contains("Are you safe where you live?", page);
        Assert.Contains("Which month?", page);
    }

    [Fact]
    public async Task ReviewPage_Is404_ForAnUnknownSurvey()
    {
        var client = await SignedInAsync();

        var response = await client.GetAsync("/staff/review/nope");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }
}
