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
    public async Task StaffPage_ListsSurveysWithCounts_AfterSigningIn()
    {
        var client = _service.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = true, HandleCookies = true });

        var signIn = await StaffBrowser.PostFormAsync(client, "/staff/signin", new Dictionary<string, string> { ["key"] = ServiceFactory.StaffKey });
        Assert.Equal(HttpStatusCode.OK, signIn.StatusCode);
        var page = await client.GetStringAsync("/staff");

        Assert.Contains("<h1>Surveys</h1>", page);
        Assert.Contains("CHECKIN", page);
    }

    [Fact]
    public async Task SignIn_Refuses_AWrongKey()
    {
        var client = _service.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true });

        var response = await StaffBrowser.PostFormAsync(client, "/staff/signin", new Dictionary<string, string> { ["key"] = "wrong" });

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Contains("not right", await response.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.Redirect, (await client.GetAsync("/staff")).StatusCode);
    }
}
