using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using CoProduction.Bot.Tests.Infrastructure;

namespace CoProduction.Bot.Tests.Accounts;

/// <summary>Every board decision is made by the named person who signed in, and nobody else.</summary>
public sealed class BoardActionsAsOneselfTests : IClassFixture<ServiceFactory>
{
    private readonly ServiceFactory _service;

    public BoardActionsAsOneselfTests(ServiceFactory service) => _service = service;

    private async Task UploadAsync(string id)
    {
        var yaml = $"""
            id: {id}
            title: Self test
            keyword: {id.ToUpperInvariant()}
            intro: Hello
            outro: Thank you
            questions:
              - id: safe
                type: yesno
                text: Do you feel safe at home?
            """;
        var response = await _service.StaffClient().PostAsync("/api/surveys", new StringContent(yaml, new MediaTypeHeaderValue("application/yaml")));
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
    }

    [Fact]
    public async Task Approval_IsTheSignedInMembers_WhateverMemberTheBodyNames()
    {
        await UploadAsync("self1");
        var sam = await SignIns.MemberAsync(_service, "Sam", "expert-by-experience");
        var priya = await SignIns.MemberAsync(_service, "Priya", "staff");

        var response = await sam.Client.PostAsJsonAsync("/api/surveys/self1/approvals", new { member = priya.MemberId });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var review = await Json.ReadAsync(await _service.StaffClient().GetAsync("/api/surveys/self1/review"));
        var approval = Assert.Single(review.GetProperty("approvals").EnumerateArray());
        Assert.Equal("Sam", approval.GetProperty("member").GetString());
    }

    [Fact]
    public async Task OnePerson_CanNeverMakeAQuorum_ByApprovingAgainOrByKeyAndCookie()
    {
        await UploadAsync("self2");
        var sam = await SignIns.MemberAsync(_service, "Sam", "expert-by-experience");
        var key = await Json.ReadAsync(await sam.Client.PostAsJsonAsync("/api/me/keys", new { name = "Sam's laptop" }));
        var samByKey = _service.CreateClient();
        samByKey.DefaultRequestHeaders.Add("X-Api-Key", key.GetProperty("key").GetString());

        await sam.Client.PostAsync("/api/surveys/self2/approvals", null);
        await Task.WhenAll(
            sam.Client.PostAsync("/api/surveys/self2/approvals", null),
            samByKey.PostAsync("/api/surveys/self2/approvals", null),
            samByKey.PostAsJsonAsync("/api/surveys/self2/approvals", new { member = Guid.NewGuid() }));
        var state = await Json.ReadAsync(await samByKey.PostAsync("/api/surveys/self2/approvals", null));

        Assert.Equal(1, state.GetProperty("approvals").GetInt32());
        Assert.False(state.GetProperty("approved").GetBoolean());
        Assert.Equal(HttpStatusCode.Conflict, (await _service.StaffClient().PostAsync("/api/surveys/self2/publish", null)).StatusCode);
    }

    [Fact]
    public async Task ProposalsVotesAndComments_AreRecordedAsTheSignedInMember()
    {
        await UploadAsync("self3");
        var jo = await SignIns.MemberAsync(_service, "Jo", "family-carer");

        var proposal = await Json.ReadAsync(await jo.Client.PostAsJsonAsync("/api/surveys/self3/proposals", new { member = Guid.NewGuid(), question = "safe", text = "Are you safe where you live?" }));
        await jo.Client.PostAsync($"/api/proposals/{proposal.GetProperty("id").GetInt64()}/votes", null);
        await jo.Client.PostAsJsonAsync("/api/surveys/self3/comments", new { text = "Shorter is better", question = "safe" });

        var safe = (await Json.ReadAsync(await _service.StaffClient().GetAsync("/api/surveys/self3/review"))).Question("safe");
        var p = Assert.Single(safe.GetProperty("proposals").EnumerateArray());
        Assert.Equal("Jo", p.GetProperty("proposedBy").GetString());
        Assert.Equal(["Jo"], p.GetProperty("voters").EnumerateArray().Select(v => v.GetString()));
        Assert.Equal("Jo", Assert.Single(safe.GetProperty("comments").EnumerateArray()).GetProperty("member").GetString());
    }

    [Fact]
    public async Task SignedInBrowser_CannotActOnTheApi_WithoutTheAntiforgeryToken()
    {
        await UploadAsync("self4");
        var sam = await SignIns.MemberAsync(_service, "Sam", "expert-by-experience");
        sam.Client.DefaultRequestHeaders.Remove("RequestVerificationToken");

        var response = await sam.Client.PostAsync("/api/surveys/self4/approvals", null);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("anti-forgery", (await Json.ReadAsync(response)).GetProperty("detail").GetString());
        var state = await Json.ReadAsync(await _service.StaffClient().GetAsync("/api/surveys/self4/approvals"));
        Assert.Equal(0, state.GetProperty("approvals").GetInt32());
    }

    [Fact]
    public async Task AMemberWithoutAPhone_IsOnTheBoard_ButNobodyCanActForThem()
    {
        await UploadAsync("self5");
        var staff = _service.StaffClient();
        var id = await Board.AddMemberAsync(staff, "Lee", "expert-by-experience");

        var asStaff = await staff.PostAsJsonAsync("/api/surveys/self5/approvals", new { member = id });

        Assert.Equal(HttpStatusCode.Forbidden, asStaff.StatusCode);
        var board = await Json.ReadAsync(await staff.GetAsync("/api/board"));
        Assert.False(board.EnumerateArray().Single(m => m.GetProperty("id").GetString() == id).GetProperty("canSignIn").GetBoolean());
    }

    [Fact]
    public void AQuorumOfOne_StopsTheStart_WithAPlainReason()
    {
        using var service = new ServiceFactory();
        service.Settings["CoProduction:Quorum"] = "1";

        var error = Assert.ThrowsAny<Exception>(() => service.CreateClient());

        Assert.Contains("CoProduction:Quorum must be 2 or more", error.ToString());
    }
}
