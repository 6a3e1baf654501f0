using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using CoProduction.Bot.Tests.Infrastructure;

namespace CoProduction.Bot.Tests.Staff;

/// <summary>Co-production through the API: approvals with quorum, proposals, votes, acceptance, checks.</summary>
public sealed class ReviewApiTests : IClassFixture<ServiceFactory>
{
    private readonly ServiceFactory _service;

    public ReviewApiTests(ServiceFactory service) => _service = service;

    private static string Survey(string id, string keyword, string happy = "How happy are you with your support?") => $"""
        id: {id}
        title: Review test
        keyword: {keyword}
        intro: Hello
        outro: Thank you
        questions:
          - id: happy
            type: scale
            min: 1
            max: 5
            text: {happy}
          - id: safe
            type: yesno
            text: Do you feel safe at home?
        """;

    private async Task UploadAsync(HttpClient staff, string yaml)
    {
        var response = await staff.PostAsync("/api/surveys", new StringContent(yaml, new MediaTypeHeaderValue("application/yaml")));
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
    }

    private static async Task<HttpResponseMessage> ApproveAsync(SignedIn member, string survey) =>
        await member.Client.PostAsync($"/api/surveys/{survey}/approvals", null);

    private Task<SignedIn> MemberAsync(string name, string role) => SignIns.MemberAsync(_service, name, role);

    [Fact]
    public async Task Publish_IsRefusedWith409_UntilTheQuorumIncludesAnExpertByExperience()
    {
        var staff = _service.StaffClient();
        await UploadAsync(staff, Survey("quorum", "QUORUM"));
        var carer = await MemberAsync("Jo", "family-carer");
        var worker = await MemberAsync("Ali", "staff");
        var expert = await MemberAsync("Sam", "expert-by-experience");

        var none = await staff.PostAsync("/api/surveys/quorum/publish", null);
        Assert.Equal(HttpStatusCode.Conflict, none.StatusCode);
        Assert.Contains("not been approved", (await Json.ReadAsync(none)).GetProperty("detail").GetString());

        Assert.Equal(HttpStatusCode.OK, (await ApproveAsync(carer, "quorum")).StatusCode);
        var two = await ApproveAsync(worker, "quorum");
        Assert.False((await Json.ReadAsync(two)).GetProperty("approved").GetBoolean());
        var stillRefused = await staff.PostAsync("/api/surveys/quorum/publish", null);
        Assert.Equal(HttpStatusCode.Conflict, stillRefused.StatusCode);
        Assert.Contains("expert by experience", (await Json.ReadAsync(stillRefused)).GetProperty("detail").GetString());

        var three = await Json.ReadAsync(await ApproveAsync(expert, "quorum"));
        Assert.True(three.GetProperty("approved").GetBoolean());
        Assert.Equal("approved", three.GetProperty("stage").GetString());
        Assert.Equal(HttpStatusCode.OK, (await staff.PostAsync("/api/surveys/quorum/publish", null)).StatusCode);
    }

    [Fact]
    public async Task ApprovingTwice_CountsOnce()
    {
        var staff = _service.StaffClient();
        await UploadAsync(staff, Survey("twice", "TWICE"));
        var expert = await MemberAsync("Sam", "expert-by-experience");

        await ApproveAsync(expert, "twice");
        var again = await Json.ReadAsync(await ApproveAsync(expert, "twice"));

        Assert.Equal(1, again.GetProperty("approvals").GetInt32());
        Assert.Equal(HttpStatusCode.Conflict, (await staff.PostAsync("/api/surveys/twice/publish", null)).StatusCode);
    }

    [Fact]
    public async Task Approval_Returns403_WithTheStaffKey_EvenNamingAMember()
    {
        var staff = _service.StaffClient();
        await UploadAsync(staff, Survey("nobody", "NOBODY"));
        var expert = await MemberAsync("Sam", "expert-by-experience");

        var response = await staff.PostAsJsonAsync("/api/surveys/nobody/approvals", new { member = expert.MemberId });

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        var state = await Json.ReadAsync(await staff.GetAsync("/api/surveys/nobody/approvals"));
        Assert.Equal(0, state.GetProperty("approvals").GetInt32());
    }

    [Fact]
    public async Task Board_RefusesAnUnknownRole()
    {
        var response = await _service.StaffClient().PostAsJsonAsync("/api/board", new { name = "X", role = "manager" });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Fact]
    public async Task AcceptedProposal_MakesANewVersion_ThatNeedsApprovingAgain_AndVotesMove()
    {
        var staff = _service.StaffClient();
        await UploadAsync(staff, Survey("wording", "WORDING", happy: "As a service user, how satisfied are you with the intervention?"));
        var owner = await MemberAsync("Priya", "staff");
        var expert = await MemberAsync("Sam", "expert-by-experience");
        var carer = await MemberAsync("Jo", "family-carer");
        Assert.Equal(HttpStatusCode.OK, (await staff.PostAsJsonAsync("/api/surveys/wording/owner", new { member = owner.MemberId })).StatusCode);
        await ApproveAsync(owner, "wording");
        await ApproveAsync(expert, "wording");

        var p1 = await expert.Client.PostAsJsonAsync("/api/surveys/wording/proposals", new { question = "happy", text = "How happy are you with your support?" });
        var p2 = await carer.Client.PostAsJsonAsync("/api/surveys/wording/proposals", new { question = "happy", text = "Do you like the help you get?" });
        Assert.Equal(HttpStatusCode.Created, p1.StatusCode);
        var first = (await Json.ReadAsync(p1)).GetProperty("id").GetInt64();
        var second = (await Json.ReadAsync(p2)).GetProperty("id").GetInt64();

        Assert.Equal(1, (await Json.ReadAsync(await carer.Client.PostAsync($"/api/proposals/{second}/votes", null))).GetProperty("votes").GetInt32());
        await expert.Client.PostAsync($"/api/proposals/{first}/votes", null);
        // Jo changes her mind: her vote moves, it is not counted twice.
        var moved = await Json.ReadAsync(await carer.Client.PostAsync($"/api/proposals/{first}/votes", null));
        Assert.Equal(2, moved.GetProperty("votes").GetInt32());

        Assert.Equal(HttpStatusCode.Conflict, (await expert.Client.PostAsync($"/api/proposals/{first}/accept", null)).StatusCode);
        var accepted = await owner.Client.PostAsync($"/api/proposals/{first}/accept", null);
        Assert.Equal(HttpStatusCode.OK, accepted.StatusCode);
        Assert.Equal(2, (await Json.ReadAsync(accepted)).GetProperty("version").GetInt32());

        // The approvals were for version 1's words.
        var publish = await staff.PostAsync("/api/surveys/wording/publish", null);
        Assert.Equal(HttpStatusCode.Conflict, publish.StatusCode);

        var review = await Json.ReadAsync(await staff.GetAsync("/api/surveys/wording/review"));
        Assert.Equal(2, review.GetProperty("version").GetInt32());
        Assert.Equal("in-review", review.GetProperty("stage").GetString());
        var happy = review.GetProperty("questions").EnumerateArray().First(q => q.GetProperty("id").GetString() == "happy");
        var chat = Channel(happy, "chat");
        Assert.Equal("How happy are you with your support?", chat.GetProperty("text").GetString());
        var votes = happy.GetProperty("proposals").EnumerateArray().ToDictionary(p => p.GetProperty("id").GetInt64(), p => p.GetProperty("votes").GetInt32());
        Assert.Equal(2, votes[first]);
        Assert.Equal(0, votes[second]);

        var history = await Json.ReadAsync(await staff.GetAsync("/api/surveys/wording/history"));
        var actions = history.EnumerateArray().Select(e => e.GetProperty("action").GetString()).ToList();
        Assert.Contains("approved", actions);
        Assert.Contains("proposed", actions);
        Assert.Contains("voted", actions);
        Assert.Contains("accepted", actions);

        await ApproveAsync(owner, "wording");
        await ApproveAsync(expert, "wording");
        Assert.Equal(HttpStatusCode.OK, (await staff.PostAsync("/api/surveys/wording/publish", null)).StatusCode);
    }

    [Fact]
    public async Task Review_ShowsTheChecksPerQuestionAndChannel()
    {
        var staff = _service.StaffClient();
        await UploadAsync(staff, Survey("checks", "CHECKS", happy: "As a service user, how satisfied are you with the intervention?"));

        var response = await staff.GetAsync("/api/surveys/checks/review");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var happy = (await Json.ReadAsync(response)).GetProperty("questions").EnumerateArray().First();
        var sms = Channel(happy, "sms");
        Assert.Equal("GSM-7", sms.GetProperty("smsEncoding").GetString());
        Assert.Equal(1, sms.GetProperty("smsSegments").GetInt32());
        Assert.Contains("Reply 1 to 5", sms.GetProperty("text").GetString());
        Assert.Contains(Channel(happy, "chat").GetProperty("findings").EnumerateArray(), f => f.GetProperty("check").GetString() == "jargon");
        Assert.True(Channel(happy, "voice").GetProperty("voiceSeconds").GetDouble() > 0);
    }

    [Fact]
    public async Task DemoSurvey_IsPublishedAtStart_ApprovedByConfiguration()
    {
        var review = await Json.ReadAsync(await _service.StaffClient().GetAsync("/api/surveys/checkin/review"));

        Assert.Equal("published", review.GetProperty("stage").GetString());
        Assert.Contains("surveys folder", review.GetProperty("approvals").EnumerateArray().First().GetProperty("member").GetString());
    }

    [Fact]
    public async Task Retire_OnlyAPublishedSurvey()
    {
        var staff = _service.StaffClient();
        await UploadAsync(staff, Survey("retiring", "RETIRING"));

        Assert.Equal(HttpStatusCode.Conflict, (await staff.PostAsync("/api/surveys/retiring/retire", null)).StatusCode);
        await Board.ApproveAsync(_service, "retiring");
        Assert.Equal(HttpStatusCode.OK, (await staff.PostAsync("/api/surveys/retiring/publish", null)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await staff.PostAsync("/api/surveys/retiring/retire", null)).StatusCode);

        var member = await MemberAsync("Sam", "expert-by-experience");
        Assert.Equal(HttpStatusCode.Conflict, (await ApproveAsync(member, "retiring")).StatusCode);
    }

    [Fact]
    public async Task XlsForm_Upload_Returns201_AndExportRoundTrips()
    {
        var staff = _service.StaffClient();
        var xlsx = await (await staff.GetAsync("/api/surveys/checkin/xlsform")).Content.ReadAsByteArrayAsync();
        // Same survey under a new id, as a peer research group would start from the demo.
        var copy = CoProduction.Surveys.Loading.XlsForm.XlsFormReader.Read(new MemoryStream(xlsx)).Survey! with { Id = "sheet", Keyword = "SHEET", KeywordsByLanguage = new Dictionary<string, string> { ["cy"] = "TAFLEN" } };
        var content = new ByteArrayContent(CoProduction.Surveys.Loading.XlsForm.XlsFormWriter.Write(copy));
        content.Headers.ContentType = new MediaTypeHeaderValue("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");

        var response = await staff.PostAsync("/api/surveys", content);

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.Equal("sheet", (await Json.ReadAsync(response)).GetProperty("id").GetString());
    }

    [Fact]
    public async Task XlsForm_Upload_Returns400_WithRowNumbers()
    {
        var content = new ByteArrayContent("not a spreadsheet"u8.ToArray());
        content.Headers.ContentType = new MediaTypeHeaderValue("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");

        var response = await _service.StaffClient().PostAsync("/api/surveys", content);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    private static JsonElement Channel(JsonElement question, string channel) =>
        question.GetProperty("languages").EnumerateArray().First().GetProperty("channels").EnumerateArray()
            .First(c => c.GetProperty("channel").GetString() == channel);
}
