using System.Net.Http.Headers;
using System.Text;

namespace CoProduction.Bot.Tests.Safety;

/// <summary>
/// The kinds of bad request for the endpoints added after the first fuzz: results (counts,
/// exports, actions, releases, the public and staff results pages), accounts and keys, the
/// sign-in pages, and opting out or back in by staff.
/// </summary>
public sealed partial class BadRequests
{
    private static readonly string[] StaffJsonRoutes =
    [
        "/api/board", "/api/surveys/{id}/owner", "/api/surveys/{id}/submit", "/api/surveys/{id}/approvals", "/api/surveys/{id}/retire",
        "/api/surveys/{id}/proposals", "/api/proposals/{id}/votes", "/api/proposals/{id}/accept", "/api/surveys/{id}/comments",
        "/api/surveys/{id}/flags", "/api/surveys/{id}/pilots", "/api/word-lists", "/api/word-lists/{id}", "/api/rounds", "/api/rounds/{id}",
        "/api/rounds/{id}/close", "/api/surveys/{id}/publish", "/api/surveys/{id}/review", "/api/surveys/{id}/history",
        "/api/surveys/{id}/xlsform", "/api/outbox", "/api/surveys",
    ];

    private static readonly string[] ResultsRoutes =
        ["/api/surveys/{id}/results", "/api/surveys/{id}/export", "/api/surveys/{id}/actions", "/api/surveys/{id}/releases", "/api/results/disclosure"];

    private static readonly string[] AccountsRoutes =
        ["/api/me", "/api/me/keys", "/api/accounts", "/api/accounts/{id}", "/api/accounts/{id}/role", "/api/keys", "/api/keys/{id}", "/api/audit"];

    private static readonly string[] SignInRoutes =
        ["/signin/text", "/signin/code", "/signin/link", "/staff/signin", "/staff/setup", "/staff/signout", "/staff/denied", "/staff/accounts/audit",
            "/signin/oidc", "/signin-oidc"];

    private string Query(params string[] names) =>
        string.Concat(names.Where(_ => junk.Chance(0.6)).Select((n, i) => (i == 0 ? "?" : "&") + n + "=" + Junk.PercentEncode(junk.Chance(0.3) ? "" : junk.String())));

    private string RoundOrJunk() => junk.Chance(0.5) ? targets.RoundId : junk.Chance(0.5) ? Guid.NewGuid().ToString() : junk.String();

    private FuzzRequest Results()
    {
        var survey = Segment(Id());
        HttpRequestMessage message;
        switch (junk.Next(6))
        {
            case 5:
                message = new(junk.Chance(0.8) ? HttpMethod.Put : HttpMethod.Get, "/api/results/disclosure");
                if (message.Method == HttpMethod.Put) message.Content = Content(DisclosureJunk(), junk.Chance(0.9) ? "application/json" : "text/plain");
                break;
            case 0:
                message = new(HttpMethod.Get, $"/api/surveys/{survey}/results" + (junk.Chance(0.5) ? "?round=" + Junk.PercentEncode(RoundOrJunk()) : ""));
                break;
            case 1:
                var format = junk.Pick(["csv", "xlsx", "CSV", " xlsx ", "pdf", "", junk.String()]);
                var from = junk.Pick(["2026-01-01", "2026-02-30", "01/02/2026", "9999-12-31", "0001-01-01", "", junk.String()]);
                var to = junk.Pick(["2026-12-31", "2025-01-01", "", junk.String()]);
                message = new(HttpMethod.Get, $"/api/surveys/{survey}/export?format={Junk.PercentEncode(format)}&from={Junk.PercentEncode(from)}&to={Junk.PercentEncode(to)}"
                    + (junk.Chance(0.4) ? "&round=" + Junk.PercentEncode(RoundOrJunk()) : ""));
                break;
            case 2:
                message = new(HttpMethod.Get, $"/api/surveys/{survey}/actions");
                break;
            case 3:
                var field = junk.Pick(["text", "status", "why", "question", "round"]);
                var body = junk.Next(3) switch
                {
                    0 => junk.BrokenJson(),
                    1 => $"{{\"text\":{(field == "text" ? junk.JsonValue() : "\"We did it " + junk.Next(1000) + "\"")},\"status\":{(field == "status" ? junk.JsonValue() : "\"done\"")},"
                        + $"\"why\":{(field == "why" ? junk.JsonValue() : "null")},\"question\":{(field == "question" ? junk.JsonValue() : "\"happy\"")},\"round\":{(field == "round" ? junk.JsonValue() : "null")}}}",
                    _ => junk.JsonObject(field),
                };
                message = new(HttpMethod.Post, $"/api/surveys/{survey}/actions") { Content = Content(body, junk.Chance(0.9) ? "application/json" : "text/plain") };
                break;
            default:
                message = new(HttpMethod.Post, $"/api/surveys/{survey}/releases");
                if (junk.Chance(0.8))
                {
                    var release = junk.Chance(0.5) ? $"{{\"round\":\"{RoundOrJunk().Replace("\\", "").Replace("\"", "")}\"}}" : junk.Chance(0.5) ? junk.BrokenJson() : junk.JsonObject("round");
                    message.Content = Content(release, junk.Chance(0.85) ? "application/json" : junk.Pick(["text/plain", "application/xml"]));
                }
                break;
        }
        return new FuzzRequest("", StaffCaller(), message);
    }

    /// <summary>
    /// Thresholds that must be refused: broken JSON, or a junk value where a number goes. A number
    /// from 11 to 100 would be a real raise (a change the fuzz must never make), so it becomes -1.
    /// </summary>
    private string DisclosureJunk()
    {
        if (junk.Chance(0.3)) return junk.BrokenJson();
        string Value()
        {
            var value = junk.JsonValue();
            return int.TryParse(value.Trim().Trim('"').Trim(), System.Globalization.NumberStyles.Any, System.Globalization.CultureInfo.InvariantCulture, out var n) && n is > 10 and <= 100 ? "-1" : value;
        }
        return junk.Next(3) switch
        {
            0 => $"{{\"minimumGroup\":{Value()}}}",
            1 => $"{{\"smallCount\":{Value()}}}",
            _ => $"{{\"minimumGroup\":{Value()},\"smallCount\":{Value()}}}",
        };
    }

    private FuzzRequest ResultsPage()
    {
        var survey = Segment(Id());
        var path = junk.Chance(0.5)
            ? $"/results/{survey}" + Query("lang")
            : $"/staff/results/{survey}" + (junk.Chance(0.5) ? "?round=" + Junk.PercentEncode(RoundOrJunk()) : "") + (junk.Chance(0.5) ? "&by=" + Junk.PercentEncode(junk.Pick(["channel", "language", "round", junk.String()])) : "");
        var message = new HttpRequestMessage(junk.Chance(0.85) ? HttpMethod.Get : HttpMethod.Post, path);
        if (message.Method == HttpMethod.Post) message.Content = Content("__RequestVerificationToken=" + Junk.PercentEncode(targets.AntiforgeryToken) + "&x=" + Junk.PercentEncode(junk.String()), "application/x-www-form-urlencoded");
        return new FuzzRequest("", junk.Chance(0.6) ? Caller.StaffBrowser : Caller.Anonymous, message);
    }

    private FuzzRequest Accounts()
    {
        var account = junk.Chance(0.5) ? targets.SpareAccountId : junk.Chance(0.5) ? Guid.NewGuid().ToString() : Segment(junk.String());
        var key = junk.Chance(0.5) ? junk.Next(1, 6).ToString() : Segment(junk.Number());
        var (method, path, field) = junk.Pick(new (HttpMethod, string, string)[]
        {
            (HttpMethod.Get, "/api/me", "id"), (HttpMethod.Get, "/api/accounts", "id"), (HttpMethod.Get, "/api/keys", "id"), (HttpMethod.Get, "/api/audit", "id"),
            (HttpMethod.Post, "/api/accounts", "email"), (HttpMethod.Post, "/api/accounts", "name"), (HttpMethod.Post, "/api/accounts", "role"), (HttpMethod.Post, "/api/accounts", "password"),
            (HttpMethod.Put, $"/api/accounts/{account}/role", "role"), (HttpMethod.Delete, $"/api/accounts/{account}", "id"),
            (HttpMethod.Post, "/api/keys", "name"), (HttpMethod.Post, "/api/keys", "role"), (HttpMethod.Delete, $"/api/keys/{key}", "id"), (HttpMethod.Post, "/api/me/keys", "name"),
        });
        var message = new HttpRequestMessage(method, path);
        if (method == HttpMethod.Post || method == HttpMethod.Put)
        {
            var body = junk.Next(3) switch
            {
                0 => junk.BrokenJson(),
                1 => $"{{\"email\":\"fuzz{junk.Next(100_000)}@example.org\",\"name\":\"Fuzz\",\"role\":\"viewer\",\"password\":\"a long enough password\",\"{field}\":{junk.JsonValue()}}}",
                _ => junk.JsonObject(field),
            };
            message.Content = Content(body, junk.Chance(0.9) ? "application/json" : "text/plain");
        }
        // Never the signed-in browser: removing or demoting its own account would end the rest of the run's sign-in.
        return new FuzzRequest("", junk.Chance(0.15) ? Caller.Anonymous : Caller.StaffKey, message);
    }

    private FuzzRequest SignInPage()
    {
        var (path, fields) = junk.Pick(new (string, string[])[]
        {
            ("/signin/text" + Query("lang"), ["Phone"]), ("/signin/code" + Query("lang"), ["Phone", "Code"]), ("/signin/link" + Query("token", "lang"), ["Token"]),
            ("/staff/signin" + Query("ReturnUrl"), ["Email", "password"]), ("/staff/setup", ["key", "Name", "Email", "password"]),
            ("/staff/signout", []), ("/staff/denied" + Query("ReturnUrl"), []), ("/staff/accounts/audit", []),
            ("/signin/oidc" + Query("lang", "ReturnUrl", "handler"), ["returnUrl"]), ("/signin-oidc" + Query("lang", "state", "code"), ["state", "code", "iss"]),
        });
        var caller = path.StartsWith("/staff/signout", StringComparison.Ordinal) ? Caller.Anonymous : junk.Chance(0.5) ? Caller.StaffBrowser : Caller.Anonymous;
        if (junk.Chance(0.3) || fields.Length == 0 && junk.Chance(0.5)) return new FuzzRequest("", caller, new HttpRequestMessage(HttpMethod.Get, path));

        var form = new List<string>();
        if (junk.Chance(0.85)) form.Add("__RequestVerificationToken=" + Junk.PercentEncode(junk.Chance(0.9) ? targets.AntiforgeryToken : junk.String()));
        foreach (var name in fields)
        {
            var value = name switch
            {
                "Phone" => junk.Pick(["07700 900123", "+447700900999", "+14155550100", "123", "", junk.String()]),
                "Code" => junk.Pick(["123456", "000000", "1e6", "", junk.String()]),
                "Email" => junk.Pick(["staff@example.org", "nobody@example.org", "@", "", junk.String()]),
                _ => junk.String(),
            };
            form.Add(Junk.PercentEncode(name) + "=" + Junk.PercentEncode(value));
        }
        var message = new HttpRequestMessage(HttpMethod.Post, path) { Content = Content(string.Join("&", form), "application/x-www-form-urlencoded") };
        return new FuzzRequest("", caller, message);
    }

    private FuzzRequest OptOut()
    {
        var path = junk.Chance(0.5) ? "/api/people/opt-out" : "/api/people/opt-in";
        var body = junk.Next(4) switch
        {
            0 => junk.BrokenJson(),
            1 => junk.JsonObject("phone"),
            2 => $"{{\"phone\":{junk.JsonValue()}}}",
            _ => $"{{\"phone\":\"{junk.Pick(Phones).Replace("\0", "")}\"}}",
        };
        var message = new HttpRequestMessage(HttpMethod.Post, path) { Content = Content(body, junk.Chance(0.9) ? "application/json" : junk.Pick(["text/plain", "application/x-www-form-urlencoded"])) };
        return new FuzzRequest("", StaffCaller(), message);
    }
}
