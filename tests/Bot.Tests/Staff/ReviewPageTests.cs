using System.Net;
using CoProduction.Bot.Tests.Infrastructure;

namespace CoProduction.Bot.Tests.Staff;

public sealed class ReviewPageTests : IClassFixture<ServiceFactory>
{
    private readonly ServiceFactory _service;

    public ReviewPageTests(ServiceFactory service) => _service = service;

    [Fact]
    public async Task ReviewPage_ShowsEachQuestionAsSmsVoiceChatAndEasyRead_WithChecks()
    {
        var member = await SignIns.MemberAsync(_service, "Sam", "expert-by-experience");

        var page = await member.Client.GetStringAsync("/staff/review/checkin");

        Assert.Contains("Text message (SMS)", page);
        Assert.Contains("Phone call (voice)", page);
        Assert.Contains("Web chat", page);
        Assert.Contains("Easy read", page);
        Assert.Contains("GSM-7", page);
        Assert.Contains("Do you like your support? 1 means not at all.", page);
        Assert.Contains("<label for=\"p-text-happy\">", page);
    }

    [Fact]
    public async Task ReviewPage_HasNoChooserOfWhoIsActing_OnlyTheSignedInMember()
    {
        var member = await SignIns.MemberAsync(_service, "Sam Jones", "expert-by-experience");

        var page = await member.Client.GetStringAsync("/staff/review/checkin");

        Assert.DoesNotContain("Who is approving", page);
        Assert.DoesNotContain("name=\"Member\"", page);
        Assert.Contains("You are signed in as <strong>Sam Jones</strong>", page);
    }

    [Fact]
    public async Task ReviewPage_FormsRecordAProposalAndAFlag_AsTheSignedInMember()
    {
        var member = await SignIns.MemberAsync(_service, "Robin", "expert-by-experience");
        var client = member.Client;

        var proposed = await StaffBrowser.PostFormAsync(client, "/staff/review/checkin?handler=Propose", new Dictionary<string, string>
        {
            ["Question"] = "safe", ["Language"] = "en", ["Variant"] = "easy-read", ["Text"] = "Are you safe where you live?",
        });
        var flagged = await StaffBrowser.PostFormAsync(client, "/staff/review/checkin?handler=Flag", new Dictionary<string, string>
        {
            ["Question"] = "visits", ["Channel"] = "sms", ["Text"] = "Which month?",
        });

        Assert.Equal(HttpStatusCode.Redirect, proposed.StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, flagged.StatusCode);
        var page = await client.GetStringAsync("/staff/review/checkin");
        Assert.Contains("Are you safe where you live?", page);
        Assert.Contains("By Robin", page);
        Assert.Contains("Robin on sms (version 1): Which month?", page);
    }

    [Fact]
    public async Task ReviewPage_ForStaff_IsReadOnly_AndAPostedApprovalIsRefused()
    {
        var staff = await SignIns.StaffAsync(_service);

        var page = await staff.Client.GetStringAsync("/staff/review/checkin");
        var approve = await StaffBrowser.PostFormAsync(staff.Client, "/staff/review/checkin?handler=Approve", new Dictionary<string, string>());

        Assert.DoesNotContain("Approve version", page);
        Assert.Contains("Only board members, signed in as themselves", page);
        Assert.StartsWith("/staff/denied", approve.Headers.Location!.PathAndQuery);
    }

    [Fact]
    public async Task ReviewPage_Is404_ForAnUnknownSurvey()
    {
        var staff = await SignIns.StaffAsync(_service);

        var response = await staff.Client.GetAsync("/staff/review/nope");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }
}
