using System.Net;
using CoProduction.Bot.Tests.Infrastructure;

namespace CoProduction.Bot.Tests.Staff;

/// <summary>Staff invite board members by phone in the browser: the same rules and sign-in text as POST /api/board.</summary>
public sealed class BoardPagesTests : IClassFixture<ServiceFactory>, IAsyncLifetime
{
    private readonly ServiceFactory _service;
    private HttpClient _staff = null!;

    public BoardPagesTests(ServiceFactory service) => _service = service;

    public async Task InitializeAsync() => _staff = (await SignIns.StaffAsync(_service)).Client;

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task Staff_InviteAMemberByPhone_WhoIsTextedASignInLink()
    {
        var phone = SignIns.NextPhone();

        var invited = await StaffBrowser.PostFormAsync(_staff, "/staff/board/invite", new() { ["Name"] = "Jo Expert", ["Role"] = "expert-by-experience", ["Phone"] = phone });

        Assert.Equal(HttpStatusCode.Redirect, invited.StatusCode);
        Assert.Contains("/signin/link?token=", await SignIns.LatestTextAsync(_service, phone));
        var board = WebUtility.HtmlDecode(await _staff.GetStringAsync("/staff/board"));
        Assert.Contains("Jo Expert is on the board. We have texted them a link to sign in.", board);
        Assert.Contains("Expert by experience", board);
    }

    [Theory]
    [InlineData("", "family-carer", "", "name", 400)]
    [InlineData("Jo", "", "", "role-expert-by-experience", 400)]
    [InlineData("Jo", "chair", "", "role-expert-by-experience", 400)]
    [InlineData("Jo", "family-carer", "12345", "phone", 400)]
    public async Task InvitationWithAProblem_IsRefused_AtItsField_AndNobodyIsAdded(string name, string role, string phone, string field, int status)
    {
        var before = await MemberCountAsync();

        var refused = await StaffBrowser.PostFormAsync(_staff, "/staff/board/invite", new() { ["Name"] = name, ["Role"] = role, ["Phone"] = phone });

        Assert.Equal(status, (int)refused.StatusCode);
        var page = await refused.Content.ReadAsStringAsync();
        Assert.Contains($"<a href=\"#{field}\">", page);
        Assert.Contains($"id=\"{field}\"", page);
        Assert.Equal(before, await MemberCountAsync());
    }

    [Fact]
    public async Task PhoneThatAlreadySignsSomeoneIn_IsRefusedWith409()
    {
        var member = await SignIns.MemberAsync(_service, "Sam", "peer-researcher");
        var before = await MemberCountAsync();

        var refused = await StaffBrowser.PostFormAsync(_staff, "/staff/board/invite", new() { ["Name"] = "Sam again", ["Role"] = "family-carer", ["Phone"] = member.Phone });

        Assert.Equal(HttpStatusCode.Conflict, refused.StatusCode);
        Assert.Contains("<a href=\"#phone\">Someone already signs in with that phone number.", await refused.Content.ReadAsStringAsync());
        Assert.Equal(before, await MemberCountAsync());
    }

    private async Task<int> MemberCountAsync() => (await Json.ReadAsync(await _service.StaffClient().GetAsync("/api/board"))).GetArrayLength();
}
