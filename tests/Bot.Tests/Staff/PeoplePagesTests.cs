using System.Net;
using System.Text;
using CoProduction.Bot.Tests.Infrastructure;
using CoProduction.Store;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CoProduction.Bot.Tests.Staff;

/// <summary>People in the browser: add, change, put in groups, find and page through; a list never shows a whole phone number.</summary>
public sealed class PeoplePagesTests : IClassFixture<ServiceFactory>, IAsyncLifetime
{
    private const string Form = "/staff/people/person";
    private readonly ServiceFactory _service;
    private HttpClient _staff = null!;

    public PeoplePagesTests(ServiceFactory service) => _service = service;

    public async Task InitializeAsync() => _staff = (await SignIns.StaffAsync(_service)).Client;

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task Staff_AddAPerson_WhoIsListedWithOnlyTheLastThreeDigitsOfTheirPhone()
    {
        var added = await StaffBrowser.PostFormAsync(_staff, Form, new()
        {
            ["Name"] = "Nia Jones", ["Phone"] = "07400 100 321", ["Channel"] = "voice", ["Language"] = "cy", ["Groups"] = "Rose-Court; day-centre",
            ["NextCheckin"] = "2027-03-14", ["EasyRead"] = "true",
        });

        Assert.Equal(HttpStatusCode.Redirect, added.StatusCode);
        var list = await _staff.GetStringAsync("/staff/people?q=nia");
        Assert.Contains("Nia Jones", list);
        Assert.Contains("<td data-label=\"Phone ends\">321</td>", list);
        Assert.DoesNotContain("7400100321", list);
        Assert.Contains("day-centre, rose-court", list);
        var person = await PersonAsync("+447400100321");
        Assert.True(person.EasyRead);
        Assert.Equal("cy", person.Language);
    }

    [Fact]
    public async Task Staff_ChangeAPersonsGroups_AndTheRoundsFormOffersTheNewGroup()
    {
        await StaffBrowser.PostFormAsync(_staff, Form, new() { ["Name"] = "Owen", ["Phone"] = "+447400100322", ["Channel"] = "sms", ["Groups"] = "old-group" });
        var id = (await PersonAsync("+447400100322")).Id;

        var saved = await StaffBrowser.PostFormAsync(_staff, $"{Form}/{id}", new() { ["Name"] = "Owen Price", ["Phone"] = "+447400100322", ["Channel"] = "sms", ["Groups"] = "garden-club" });

        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
        Assert.Equal("Owen Price", (await PersonAsync("+447400100322")).Name);
        var rounds = await _staff.GetStringAsync("/staff/rounds");
        Assert.Contains("value=\"garden-club\"", rounds);
        Assert.Contains("value=\"garden-club\"", rounds);
        Assert.Contains("garden-club (1 person)", rounds);
        Assert.Contains("value=\"Owen Price\"", await _staff.GetStringAsync($"{Form}/{id}"));
    }

    [Theory]
    [InlineData("12", "sms", "", "phone", "not a real phone number")]
    [InlineData("+447400100330", "fax", "", "channel-sms", "sms, voice or web")]
    [InlineData("+447400100331", "sms", "14/03/2027", "next-checkin", "year-month-day")]
    [InlineData("+447400100332", "sms", "2027-02-30", "next-checkin", "not a real date")]
    public async Task PersonWithAProblem_IsRefused_AtItsField_AndNothingIsSaved(string phone, string channel, string checkin, string field, string message)
    {
        var before = await CountAsync();

        var refused = await StaffBrowser.PostFormAsync(_staff, Form, new() { ["Name"] = "Bad", ["Phone"] = phone, ["Channel"] = channel, ["NextCheckin"] = checkin });

        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        var page = await refused.Content.ReadAsStringAsync();
        Assert.Contains($"<a href=\"#{field}\">", page);
        Assert.Contains(message, page);
        Assert.Equal(before, await CountAsync());
    }

    [Fact]
    public async Task PhoneSomeoneElseHas_IsRefusedWith409_AndNothingChanges()
    {
        await StaffBrowser.PostFormAsync(_staff, Form, new() { ["Name"] = "First", ["Phone"] = "+447400100340", ["Channel"] = "sms" });
        var before = await CountAsync();

        var refused = await StaffBrowser.PostFormAsync(_staff, Form, new() { ["Name"] = "Second", ["Phone"] = "07400100340", ["Channel"] = "sms" });

        Assert.Equal(HttpStatusCode.Conflict, refused.StatusCode);
        Assert.Contains("<a href=\"#phone\">Someone else already has that phone number.", await refused.Content.ReadAsStringAsync());
        Assert.Equal(before, await CountAsync());
        Assert.Equal("First", (await PersonAsync("+447400100340")).Name);
    }

    [Fact]
    public async Task List_IsPaged_AndFindsByTheLastDigitsOfAPhone()
    {
        var csv = new StringBuilder("name,phone,groups\n");
        for (var i = 0; i < 30; i++) csv.Append($"Paged {i:D2},+4474001004{i:D2},paging\n");
        Assert.Equal(HttpStatusCode.OK, (await _service.StaffClient().PostAsync("/api/people", new StringContent(csv.ToString(), Encoding.UTF8, "text/csv"))).StatusCode);

        var first = WebUtility.HtmlDecode(await _staff.GetStringAsync("/staff/people?q=paged"));
        var second = WebUtility.HtmlDecode(await _staff.GetStringAsync("/staff/people?q=paged&p=2"));
        var byPhone = await _staff.GetStringAsync("/staff/people?q=407");

        Assert.Contains("30 found for \"paged\".", first);
        Assert.Contains("Page 1 of 2.", first);
        Assert.Contains("Paged 24", first);
        Assert.DoesNotContain("Paged 25", first);
        Assert.Contains("Next page", first);
        Assert.Contains("Paged 29", second);
        Assert.Contains("Previous page", second);
        Assert.Contains("Paged 07", byPhone);
        Assert.DoesNotContain("Paged 08", byPhone);
    }

    [Fact]
    public async Task UnknownPerson_Is404()
    {
        Assert.Equal(HttpStatusCode.NotFound, (await _staff.GetAsync($"{Form}/{Guid.NewGuid()}")).StatusCode);
    }

    private async Task<CoProduction.Store.Model.Person> PersonAsync(string phone)
    {
        using var scope = _service.Services.CreateScope();
        return await scope.ServiceProvider.GetRequiredService<StoreDbContext>().People.AsNoTracking().SingleAsync(p => p.Phone == phone);
    }

    private async Task<int> CountAsync()
    {
        using var scope = _service.Services.CreateScope();
        return await scope.ServiceProvider.GetRequiredService<StoreDbContext>().People.CountAsync();
    }
}
