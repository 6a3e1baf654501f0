using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using CoProduction.Bot.Tests.Infrastructure;

namespace CoProduction.Bot.Tests.Accounts;

/// <summary>Every download of answers, every approval and every role given or changed is in the audit log, and admins can page and filter it.</summary>
public sealed class AuditTrailTests : IClassFixture<ServiceFactory>
{
    private readonly ServiceFactory _service;

    public AuditTrailTests(ServiceFactory service) => _service = service;

    private async Task<List<System.Text.Json.JsonElement>> AuditAsync(string what) =>
        (await Json.ReadAsync(await _service.StaffClient().GetAsync($"/api/audit?what={what}"))).EnumerateArray().ToList();

    [Theory]
    [InlineData("csv", "checkin as CSV")]
    [InlineData("xlsx", "checkin as XLSX")]
    public async Task EachExport_IsAudited_WithWhoTookIt(string format, string detail)
    {
        var staff = await SignIns.StaffAsync(_service);
        var before = (await AuditAsync("results-exported")).Count;

        var response = await staff.Client.GetAsync($"/api/surveys/checkin/export?format={format}");
        await response.Content.ReadAsByteArrayAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var entries = await AuditAsync("results-exported");
        Assert.Equal(before + 1, entries.Count);
        Assert.Equal(("Alex staff", detail), (entries[0].GetProperty("actor").GetString(), entries[0].GetProperty("detail").GetString()));
    }

    [Fact]
    public async Task AnApproval_IsAudited_AsTheMemberWhoMadeIt()
    {
        var yaml = "id: audited\ntitle: Audited\nkeyword: AUDITED\nintro: Hello\noutro: Thanks\nquestions:\n  - id: safe\n    type: yesno\n    text: Do you feel safe at home?\n";
        Assert.Equal(HttpStatusCode.Created, (await _service.StaffClient().PostAsync("/api/surveys", new StringContent(yaml, new MediaTypeHeaderValue("application/yaml")))).StatusCode);
        var sam = await SignIns.MemberAsync(_service, "Sam Approver", "expert-by-experience");

        Assert.Equal(HttpStatusCode.OK, (await sam.Client.PostAsync("/api/surveys/audited/approvals", null)).StatusCode);

        var entry = Assert.Single(await AuditAsync("approved"), e => e.GetProperty("detail").GetString()!.StartsWith("audited "));
        Assert.Equal("Sam Approver", entry.GetProperty("actor").GetString());
    }

    [Fact]
    public async Task InvitingABoardMember_AndChangingARole_AreAudited_AsTheAdminWhoDidIt()
    {
        var member = await SignIns.MemberAsync(_service, "Role Rhian", "family-carer");
        var me = await Json.ReadAsync(await member.Client.GetAsync("/api/me"));

        await _service.StaffClient().PutAsJsonAsync($"/api/accounts/{me.GetProperty("account").GetString()}/role", new { role = "viewer" });

        Assert.Contains(await AuditAsync("account-created"), e => e.GetProperty("detail").GetString() == "Role Rhian, role board (family-carer)" && e.GetProperty("actor").GetString() == "staff key");
        Assert.Contains(await AuditAsync("role-changed"), e => e.GetProperty("detail").GetString() == "Role Rhian is now viewer");
    }

    [Fact]
    public async Task TheAdminPage_ShowsPlainWords_FiltersByWhatAndWho_AndPages()
    {
        var admin = await SignIns.StaffAsync(_service, "admin");
        for (var i = 0; i < 55; i++) await _service.StaffClient().GetAsync("/api/surveys/checkin/export?format=csv");

        var filtered = await admin.Client.GetStringAsync("/staff/accounts/audit?what=results-exported&who=staff+KEY");
        var nobody = await admin.Client.GetStringAsync("/staff/accounts/audit?what=results-exported&who=nobody-at-all");
        var second = await admin.Client.GetStringAsync("/staff/accounts/audit?what=results-exported&who=staff+key&page=2");

        Assert.Contains("Answers downloaded", filtered);
        Assert.DoesNotContain("<td data-label=\"What\">Signed in</td>", filtered);
        Assert.Contains("Older entries", filtered);
        Assert.Contains("Nothing to show", nobody);
        Assert.Contains("Newer entries", second);
    }
}
