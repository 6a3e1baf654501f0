using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using CoProduction.Bot.Tests.Infrastructure;
using CoProduction.Scheduling.Jobs;
using CoProduction.Store;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CoProduction.Bot.Tests.Staff;

/// <summary>
/// A person's rights through the real pipeline: a person answers by text and texts STOP; staff
/// see everything held about them, then erase them; results still add up, and when an old
/// spreadsheet brings the number back, the STOP still holds.
/// </summary>
public sealed class PrivacyApiTests : IClassFixture<ServiceFactory>
{
    private readonly ServiceFactory _service;

    public PrivacyApiTests(ServiceFactory service)
    {
        _service = service;
        // Read when the shared service first starts: rounds send at any hour, quickly.
        _service.Settings["Scheduling:QuietHoursStart"] = "00:00";
        _service.Settings["Scheduling:QuietHoursEnd"] = "00:00";
        _service.Settings["Scheduling:MessagesPerSecond"] = "20";
    }

    private async Task<T> Db<T>(Func<StoreDbContext, Task<T>> query)
    {
        await using var scope = _service.Services.CreateAsyncScope();
        return await query(scope.ServiceProvider.GetRequiredService<StoreDbContext>());
    }

    /// <summary>They text the check-in keyword, answer the first question, then STOP; their person id.</summary>
    private async Task<Guid> AnswerThenStopAsync(string phone)
    {
        var texting = _service.Phone(phone);
        await texting.TextAsync("CHECKIN");
        await texting.TextAsync("4");
        await texting.TextAsync("STOP");
        return await Db(db => db.People.Where(p => p.Phone == phone).Select(p => p.Id).SingleAsync());
    }

    /// <summary>Imports the numbers from a spreadsheet and sends them a round: how many texts each got.</summary>
    private async Task<int[]> ImportAndInviteAsync(string group, params string[] phones)
    {
        var staff = _service.StaffClient();
        var csv = "name,phone,channel,groups\n" + string.Concat(phones.Select(p => $"Someone,{p},sms,{group}\n"));
        Assert.Equal(HttpStatusCode.OK, (await staff.PostAsync("/api/people", new StringContent(csv, new MediaTypeHeaderValue("text/csv")))).StatusCode);
        var created = await staff.PostAsJsonAsync("/api/rounds", new
        {
            survey = "checkin", groups = new[] { group }, channel = "preferred",
            opens = DateTimeOffset.UtcNow.AddMinutes(-1), closes = DateTimeOffset.UtcNow.AddDays(14),
        });
        var round = (await Json.ReadAsync(created)).GetProperty("id").GetGuid();
        await _service.RunJobAsync<RoundInvitationsJob>(j => j.RunAsync(round, default));
        await _service.RunJobAsync<InvitationDispatcher>(j => j.RunAsync(default));
        var counts = new int[phones.Length];
        for (var i = 0; i < phones.Length; i++)
        {
            var phone = phones[i];
            counts[i] = await Db(db => db.OutboxMessages.CountAsync(m => m.To == phone));
        }
        return counts;
    }

    [Fact]
    public async Task Erasure_KeepsResultsAddingUp_IsDoneOnce_AndTheirStopSurvivesAReimport()
    {
        const string phone = "+447400100201";
        var id = await AnswerThenStopAsync(phone);
        var before = (await _service.ResultsAsync("checkin")).ToString();

        var first = await _service.StaffClient().PostAsync($"/api/people/{id}/erasure", null);
        var second = await _service.StaffClient().PostAsync($"/api/people/{id}/erasure", null);

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        var erased = await Json.ReadAsync(first);
        Assert.False(erased.GetProperty("already").GetBoolean());
        Assert.Equal("kept-anonymous", erased.GetProperty("answersWere").GetString());
        Assert.True((await Json.ReadAsync(second)).GetProperty("already").GetBoolean());
        Assert.Equal(before, (await _service.ResultsAsync("checkin")).ToString());
        Assert.Equal(0, await Db(db => db.People.CountAsync(p => p.Phone == phone)));

        // The same spreadsheet brings back the erased number and a new one: only the new one is texted.
        var texts = await ImportAndInviteAsync("erased-and-back", phone, "+447400100299");
        Assert.Equal(0, texts[0]);
        Assert.True(texts[1] > 0, "the new number was not invited");
        var audit = (await Json.ReadAsync(await _service.StaffClient().GetAsync("/api/audit?what=person-erased"))).EnumerateArray();
        Assert.Single(audit, e => e.GetProperty("detail").GetString()!.Contains(id.ToString()));
    }

    [Fact]
    public async Task Record_AsJson_HoldsTheirNumberStopAndAnswers_AndIsAudited()
    {
        const string phone = "+447400100202";
        var id = await AnswerThenStopAsync(phone);

        var response = await _service.StaffClient().GetAsync($"/api/people/{id}/record");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var record = await Json.ReadAsync(response);
        Assert.Equal(phone, record.GetProperty("person").GetProperty("phone").GetString());
        Assert.True(record.GetProperty("optedOut").GetBoolean());
        var session = Assert.Single(record.GetProperty("sessions").EnumerateArray());
        Assert.Contains(session.GetProperty("answers").EnumerateArray(), a => a.GetProperty("value").GetString() == "4");
        var audit = (await Json.ReadAsync(await _service.StaffClient().GetAsync("/api/audit?what=person-exported"))).EnumerateArray();
        Assert.Contains(audit, e => e.GetProperty("detail").GetString() == $"Person {id}" && e.GetProperty("actor").GetString() == "staff key");
    }

    [Theory]
    [InlineData("POST", "/api/people/not-an-id/erasure", HttpStatusCode.BadRequest)]
    [InlineData("POST", "/api/people/00000000-0000-0000-0000-000000000001/erasure", HttpStatusCode.NotFound)]
    [InlineData("GET", "/api/people/123/record", HttpStatusCode.BadRequest)]
    [InlineData("GET", "/api/people/00000000-0000-0000-0000-000000000001/record", HttpStatusCode.NotFound)]
    public async Task BadOrUnknownIds_GetAClear4xx_AndChangeNothing(string method, string path, HttpStatusCode expected)
    {
        var audit = await Db(db => db.AuditEvents.CountAsync());
        var people = await Db(db => db.People.CountAsync(p => p.ErasedAt == null));

        var response = await _service.StaffClient().SendAsync(new HttpRequestMessage(new HttpMethod(method), path));

        Assert.Equal(expected, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType!.MediaType);
        Assert.Equal(audit, await Db(db => db.AuditEvents.CountAsync()));
        Assert.Equal(people, await Db(db => db.People.CountAsync(p => p.ErasedAt == null)));
    }

    [Theory]
    [InlineData("viewer")]
    [InlineData("board")]
    public async Task AViewerOrBoardMember_CanNeitherEraseNorSeeAPerson(string role)
    {
        var id = await AnswerThenStopAsync(role == "viewer" ? "+447400100203" : "+447400100204");
        var client = role == "viewer"
            ? (await SignIns.StaffAsync(_service, "viewer")).Client
            : (await SignIns.MemberAsync(_service, "Sam", "expert-by-experience")).Client;
        if (role == "viewer") await SignIns.UseAntiforgeryAsync(client);

        var erase = await client.PostAsync($"/api/people/{id}/erasure", null);
        var record = await client.GetAsync($"/api/people/{id}/record");
        var page = await client.GetAsync($"/staff/people/{id}/erase");

        Assert.Equal((HttpStatusCode.Forbidden, HttpStatusCode.Forbidden), (erase.StatusCode, record.StatusCode));
        Assert.StartsWith("/staff/denied", page.Headers.Location!.PathAndQuery);
        Assert.Null(await Db(db => db.People.Where(p => p.Id == id).Select(p => p.ErasedAt).SingleAsync()));
    }

    [Fact]
    public async Task ThePages_FindThePerson_ShowTheirRecord_AndEraseOnlyOnceConfirmed()
    {
        const string phone = "+447400100205";
        var id = await AnswerThenStopAsync(phone);
        var staff = (await SignIns.StaffAsync(_service)).Client;

        var found = await staff.GetStringAsync("/staff/people/privacy?find=07400+100205");
        var record = WebUtility.HtmlDecode(await staff.GetStringAsync($"/staff/people/{id}/record"));
        var unconfirmed = await StaffBrowser.PostFormAsync(staff, $"/staff/people/{id}/erase", []);
        var confirmed = await StaffBrowser.PostFormAsync(staff, $"/staff/people/{id}/erase", new() { ["Confirm"] = "true" });
        var after = await staff.GetStringAsync($"/staff/people/{id}/erase");

        Assert.Contains($"/staff/people/{id}/erase", found);
        Assert.Contains(phone, record);
        Assert.Contains("Yes: we send them nothing until they text START.", record);
        Assert.Equal(HttpStatusCode.BadRequest, unconfirmed.StatusCode);
        Assert.Contains("Tick the box", await unconfirmed.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.Redirect, confirmed.StatusCode);
        Assert.Contains("This person is erased", after);
        Assert.Contains("answers were kept without anything that identifies them", after);
        Assert.Equal(0, await Db(db => db.People.CountAsync(p => p.Phone == phone)));
    }
}
