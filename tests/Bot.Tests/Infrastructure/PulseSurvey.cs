using System.Net;
using System.Net.Http.Headers;
using CoProduction.Bot.Tests.Conversations;

namespace CoProduction.Bot.Tests.Infrastructure;

/// <summary>The DESIGN.md survey (id "pulse") uploaded, approved and published through the API, with one round.</summary>
public static class PulseSurvey
{
    public static async Task<Guid> PublishedWithRoundAsync(ServiceFactory service)
    {
        var staff = service.StaffClient();
        Assert.Equal(HttpStatusCode.Created, (await staff.PostAsync("/api/surveys", new StringContent(SmallSurvey.Yaml, new MediaTypeHeaderValue("application/yaml")))).StatusCode);
        await Board.ApproveAsync(service, "pulse");
        Assert.Equal(HttpStatusCode.OK, (await staff.PostAsync("/api/surveys/pulse/publish", null)).StatusCode);
        return await ResultsSeed.AddRoundAsync(service.Services);
    }
}
