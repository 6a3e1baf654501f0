using System.Text;

namespace CoProduction.Bot.Tests.Safety;

/// <summary>
/// The kinds of bad request for the endpoints added with quick votes, written answers (themes,
/// tags, quotes), privacy requests, passkeys and the staff web forms. Ids are junk or unknown, so
/// nothing is erased or opened for real: every one of these must be refused and change nothing.
/// </summary>
public sealed partial class BadRequests
{
    private static readonly string[] VotesRoutes = ["/api/votes", "/api/votes/{id}", "/api/votes/{id}/open"];

    private static readonly string[] WrittenAnswersRoutes =
    [
        "/api/surveys/{id}/answers", "/api/surveys/{id}/answers/{answerId}/themes", "/api/surveys/{id}/answers/{answerId}/themes/{themeId}",
        "/api/surveys/{id}/themes", "/api/surveys/{id}/themes/{themeId}", "/api/surveys/{id}/themes/{themeId}/retire",
        "/api/surveys/{id}/quotes", "/api/surveys/{id}/quotes/{quoteId}", "/api/surveys/{id}/quotes/{quoteId}/approve", "/api/surveys/{id}/quotes/{quoteId}/withdraw",
    ];

    private static readonly string[] PrivacyAndPasskeyRoutes =
        ["/api/people/{id}/record", "/api/people/{id}/erasure", "/passkeys/creation-options", "/passkeys/request-options"];

    private static readonly string[] FormPages =
    [
        "/signin/passkey", "/staff/accounts", "/staff/accounts/add", "/staff/accounts/{id}", "/staff/board", "/staff/board/invite",
        "/staff/results/{surveyId}/answers", "/staff/results/{surveyId}/quotes", "/staff/results/{surveyId}/themes", "/staff/passkeys",
        "/staff/people/{id}/erase", "/staff/people/person/{id}", "/staff/people/privacy", "/staff/people/{id}/record", "/staff/surveys/upload",
        "/staff/disclosure",
    ];

    private string UnknownGuidOrJunk() => junk.Chance(0.6) ? Guid.NewGuid().ToString() : Segment(junk.String());

    private string UnknownNumberOrJunk() => junk.Chance(0.6) ? junk.Next(900_000, 999_999).ToString() : Segment(junk.Number());

    private FuzzRequest Votes()
    {
        var vote = UnknownGuidOrJunk();
        var (method, path, field) = junk.Pick(new (HttpMethod, string, string)[]
        {
            (HttpMethod.Post, "/api/votes", "question"), (HttpMethod.Post, "/api/votes", "options"), (HttpMethod.Post, "/api/votes", "groups"),
            (HttpMethod.Post, "/api/votes", "closes"), (HttpMethod.Post, "/api/votes", "cy"), (HttpMethod.Get, $"/api/votes/{vote}", "id"), (HttpMethod.Post, $"/api/votes/{vote}/open", "id"),
        });
        var message = new HttpRequestMessage(method, path);
        if (method == HttpMethod.Post && path == "/api/votes")
        {
            // One field junk, the others a good vote: each refusal is about that one field.
            var good = new Dictionary<string, string>
            {
                ["question"] = "\"Which colour for the lounge?\"", ["options"] = "[\"Blue\",\"Green\"]", ["groups"] = "[\"fuzz\"]", ["closes"] = "\"2000-01-01T00:00:00Z\"",
                ["cy"] = "{\"question\":\"Pa liw i'r lolfa?\",\"options\":[\"Glas\",\"Gwyrdd\"]}",
            };
            good[field] = junk.JsonValue();
            var body = junk.Next(3) switch
            {
                0 => junk.BrokenJson(),
                1 => "{" + string.Join(",", good.Select(p => $"\"{p.Key}\":{p.Value}")) + "}",
                _ => junk.JsonObject(field),
            };
            message.Content = Content(body, junk.Chance(0.9) ? "application/json" : "text/plain");
        }
        return new FuzzRequest("", StaffCaller(), message);
    }

    private FuzzRequest WrittenAnswers()
    {
        var survey = Segment(Id());
        var answer = UnknownNumberOrJunk();
        var theme = UnknownNumberOrJunk();
        var quote = UnknownGuidOrJunk();
        var (method, path, field) = junk.Pick(new (HttpMethod, string, string)[]
        {
            (HttpMethod.Get, $"/api/surveys/{survey}/answers" + Query("question", "round", "page"), "id"),
            (HttpMethod.Post, $"/api/surveys/{survey}/answers/{answer}/themes", "themes"),
            (HttpMethod.Delete, $"/api/surveys/{survey}/answers/{answer}/themes/{theme}", "id"),
            (HttpMethod.Get, $"/api/surveys/{survey}/themes" + Query("question", "round"), "id"),
            (HttpMethod.Post, $"/api/surveys/{survey}/themes", "name"), (HttpMethod.Put, $"/api/surveys/{survey}/themes/{theme}", "name"),
            (HttpMethod.Post, $"/api/surveys/{survey}/themes/{theme}/retire", "id"),
            (HttpMethod.Get, $"/api/surveys/{survey}/quotes", "id"), (HttpMethod.Post, $"/api/surveys/{survey}/quotes", "answer"),
            (HttpMethod.Put, $"/api/surveys/{survey}/quotes/{quote}", "text"), (HttpMethod.Post, $"/api/surveys/{survey}/quotes/{quote}/approve", "reason"),
            (HttpMethod.Post, $"/api/surveys/{survey}/quotes/{quote}/withdraw", "id"),
        });
        var message = new HttpRequestMessage(method, path);
        if (method == HttpMethod.Post || method == HttpMethod.Put)
        {
            var body = junk.Next(3) switch
            {
                0 => junk.BrokenJson(),
                1 => $"{{\"{field}\":{junk.JsonValue()}}}",
                _ => junk.JsonObject(field),
            };
            message.Content = Content(body, junk.Chance(0.9) ? "application/json" : "text/plain");
        }
        return new FuzzRequest("", StaffCaller(), message);
    }

    private FuzzRequest PrivacyAndPasskeys()
    {
        var person = UnknownGuidOrJunk();
        var (method, path, caller) = junk.Pick(new (HttpMethod, string, Caller)[]
        {
            (HttpMethod.Get, $"/api/people/{person}/record", StaffCaller()), (HttpMethod.Post, $"/api/people/{person}/erasure", StaffCaller()),
            (HttpMethod.Post, "/passkeys/creation-options", junk.Chance(0.5) ? Caller.StaffBrowser : Caller.Anonymous),
            (HttpMethod.Post, "/passkeys/request-options", junk.Chance(0.5) ? Caller.StaffBrowser : Caller.Anonymous),
        });
        var message = new HttpRequestMessage(method, path);
        if (method == HttpMethod.Post && junk.Chance(0.8))
        {
            message.Content = junk.Next(3) switch
            {
                0 => Content(junk.BrokenJson(), "application/json"),
                1 => Content("__RequestVerificationToken=" + Junk.PercentEncode(junk.Chance(0.7) ? targets.AntiforgeryToken : junk.String()) + "&username=" + Junk.PercentEncode(junk.String()),
                    "application/x-www-form-urlencoded"),
                _ => Content(junk.JsonObject("username"), junk.Chance(0.8) ? "application/json" : "text/plain"),
            };
        }
        return new FuzzRequest("", caller, message);
    }

    private FuzzRequest FormPage()
    {
        var survey = Segment(Id());
        var path = junk.Pick(FormPages)
            .Replace("{surveyId}", survey, StringComparison.Ordinal)
            .Replace("{id}", UnknownGuidOrJunk(), StringComparison.Ordinal) + Query("handler", "q", "p", "question", "round", "lang");
        var caller = junk.Chance(0.7) ? Caller.StaffBrowser : Caller.Anonymous;
        if (junk.Chance(0.3)) return new FuzzRequest("", caller, new HttpRequestMessage(HttpMethod.Get, path));

        var fields = new List<string>();
        if (junk.Chance(0.85)) fields.Add("__RequestVerificationToken=" + Junk.PercentEncode(junk.Chance(0.9) ? targets.AntiforgeryToken : junk.String()));
        foreach (var name in junk.Pick(new[]
        {
            new[] { "Name", "Email", "Role", "Password" }, new[] { "Name", "Role", "Phone" }, new[] { "Name", "Phone", "Channel", "Language", "Groups", "NextCheckin", "ConsentDate" },
            new[] { "Confirm", "Phone", "Id" }, new[] { "Theme", "Themes", "Text", "Reason" }, new[] { "Keyword", "Survey", "Groups", "OpensDate", "OpensTime" },
        }))
        {
            fields.Add(Junk.PercentEncode(name) + "=" + Junk.PercentEncode(junk.Chance(0.2) ? "" : junk.String()));
        }
        var message = new HttpRequestMessage(HttpMethod.Post, path) { Content = new StringContent(string.Join("&", fields), Encoding.UTF8, "application/x-www-form-urlencoded") };
        return new FuzzRequest("", caller, message);
    }
}
