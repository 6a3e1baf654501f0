using System.Net;
using System.Net.Http.Json;

namespace CoProduction.Bot.Tests.Infrastructure;

/// <summary>The co-production board through the API, for tests that need a survey approved before publishing.</summary>
public static class Board
{
    /// <summary>A member without a phone: on the board, but unable to sign in or act.</summary>
    public static async Task<string> AddMemberAsync(HttpClient staff, string name, string role)
    {
        var response = await staff.PostAsJsonAsync("/api/board", new { name, role });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (await Json.ReadAsync(response)).GetProperty("id").GetString()!;
    }

    /// <summary>Gives the latest version the default quorum: an expert by experience and a member of staff, each signed in as themselves.</summary>
    public static async Task ApproveAsync(ServiceFactory service, string surveyId)
    {
        foreach (var (name, role) in new[] { ("Sam", "expert-by-experience"), ("Priya", "staff") })
        {
            var member = await SignIns.MemberAsync(service, name, role);
            var approval = await member.Client.PostAsync($"/api/surveys/{surveyId}/approvals", null);
            Assert.Equal(HttpStatusCode.OK, approval.StatusCode);
        }
    }
}
