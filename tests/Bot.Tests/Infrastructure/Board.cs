using System.Net;
using System.Net.Http.Json;

namespace CoProduction.Bot.Tests.Infrastructure;

/// <summary>The co-production board through the API, for tests that need a survey approved before publishing.</summary>
public static class Board
{
    public static async Task<string> AddMemberAsync(HttpClient staff, string name, string role)
    {
        var response = await staff.PostAsJsonAsync("/api/board", new { name, role });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (await Json.ReadAsync(response)).GetProperty("id").GetString()!;
    }

    /// <summary>Gives the latest version the default quorum: an expert by experience and a member of staff.</summary>
    public static async Task ApproveAsync(HttpClient staff, string surveyId)
    {
        foreach (var (name, role) in new[] { ("Sam", "expert-by-experience"), ("Priya", "staff") })
        {
            var member = await AddMemberAsync(staff, name, role);
            var approval = await staff.PostAsJsonAsync($"/api/surveys/{surveyId}/approvals", new { member });
            Assert.Equal(HttpStatusCode.OK, approval.StatusCode);
        }
    }
}
