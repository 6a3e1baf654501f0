using System.Net;
using CoProduction.Bot.Tests.Infrastructure;
using Microsoft.AspNetCore.Mvc.Testing;

namespace CoProduction.Bot.Tests.Staff;

public sealed class StaffPagesTests : IClassFixture<ServiceFactory>
{
    private readonly ServiceFactory _service;

    public StaffPagesTests(ServiceFactory service) => _service = service;

    [Fact]
    public async Task StaffPage_SendsToSignIn_WhenNotSignedIn()
    {
        var client = _service.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });

        var response = await client.GetAsync("/staff");

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.StartsWith("/staff/signin", response.Headers.Location!.PathAndQuery, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task StaffPage_ListsSurveysWithCounts_AfterSigningInWithAPassword()
    {
        var staff = await SignIns.StaffAsync(_service);

        var page = await staff.Client.GetStringAsync("/staff");

        Assert.Contains("<h1>Surveys</h1>", page);
        Assert.Contains("CHECKIN", page);
    }

    [Fact]
    public async Task SignIn_Refuses_AWrongPassword()
    {
        var email = await SignIns.CreateAccountAsync(_service, "staff");
        var client = SignIns.Browser(_service);

        var response = await StaffBrowser.PostFormAsync(client, "/staff/signin", new Dictionary<string, string> { ["email"] = email, ["password"] = "not the password" });

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Contains("not right", await response.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.Redirect, (await client.GetAsync("/staff")).StatusCode);
    }

    [Fact]
    public async Task SignIn_Refuses_TheStaffKeyAsAPassword()
    {
        var client = SignIns.Browser(_service);

        var response = await StaffBrowser.PostFormAsync(client, "/staff/signin", new Dictionary<string, string> { ["email"] = "staff", ["password"] = ServiceFactory.StaffKey });

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }
}
