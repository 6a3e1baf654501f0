using System.Text;

namespace CoProduction.Bot.Tests.Safety;

/// <summary>
/// The kinds of bad request for the interview pages: the list, the start form and the interview
/// itself. People and interviews are unknown or junk, so nothing is started or answered for real.
/// </summary>
public sealed partial class BadRequests
{
    private static readonly string[] InterviewRoutes = ["/staff/interviews", "/staff/interviews/start/{personId}", "/staff/interviews/{id}"];

    private FuzzRequest Interviews()
    {
        var path = junk.Pick(InterviewRoutes)
            .Replace("{personId}", UnknownGuidOrJunk(), StringComparison.Ordinal)
            .Replace("{id}", UnknownGuidOrJunk(), StringComparison.Ordinal) + Query("q", "lang", "handler");
        var caller = junk.Chance(0.7) ? Caller.StaffBrowser : Caller.Anonymous;
        if (junk.Chance(0.3)) return new FuzzRequest("", caller, new HttpRequestMessage(HttpMethod.Get, path));

        var fields = new List<string>();
        if (junk.Chance(0.85)) fields.Add("__RequestVerificationToken=" + Junk.PercentEncode(junk.Chance(0.9) ? targets.AntiforgeryToken : junk.String()));
        foreach (var name in junk.Pick(new[] { new[] { "Survey", "Mode", "AnsweredBy", "Consent" }, new[] { "Token", "Typed", "Choice" } }))
        {
            fields.Add(Junk.PercentEncode(name) + "=" + Junk.PercentEncode(junk.Chance(0.2) ? "" : junk.String()));
        }
        var message = new HttpRequestMessage(HttpMethod.Post, path) { Content = new StringContent(string.Join("&", fields), Encoding.UTF8, "application/x-www-form-urlencoded") };
        return new FuzzRequest("", caller, message);
    }
}
