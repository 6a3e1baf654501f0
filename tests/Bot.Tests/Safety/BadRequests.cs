using System.Net.Http.Headers;
using System.Text;
using CoProduction.Channels.Twilio;

namespace CoProduction.Bot.Tests.Safety;

/// <summary>Who sends a generated request: nobody in particular, staff with the key, or a signed-in staff browser.</summary>
public enum Caller { Anonymous, StaffKey, StaffBrowser }

/// <summary>One generated request and the kind of bad input it carries.</summary>
public sealed record FuzzRequest(string Kind, Caller Caller, HttpRequestMessage Message);

/// <summary>One kind of bad request: see <see cref="BadRequests"/>.</summary>
public sealed record FuzzKind(string Name, int Weight, string[] Routes, Func<FuzzRequest> Make);

/// <summary>What the generator needs to know about the service it attacks: real ids and credentials.</summary>
public sealed record FuzzTargets(
    string AuthToken,
    string DirectLineSecret,
    string SurveyId,
    string MemberId,
    long ProposalId,
    string RoundId,
    string ChatToken,
    string ChatConversationId,
    string AntiforgeryToken,
    string SurveyYaml,
    byte[] SurveyXlsx,
    string SpareAccountId);

/// <summary>
/// Generates bad requests to every public endpoint: signed and unsigned Twilio webhooks with odd
/// fields, unreadable forms, Direct Line activities of every shape, the staff API with and without
/// the key, survey files and spreadsheets with faults, people files, and the staff pages.
/// </summary>
public sealed partial class BadRequests
{
    private const string Host = "http://localhost";
    private readonly Junk junk;
    private readonly FuzzTargets targets;
    private readonly FuzzKind[] _kinds;
    private readonly int _totalWeight;

    public BadRequests(Junk junk, FuzzTargets targets)
    {
        this.junk = junk;
        this.targets = targets;
        _kinds = Kinds();
        _totalWeight = _kinds.Sum(k => k.Weight);
    }

    /// <summary>
    /// Every kind of bad request: its name, how often it comes (out of the sum of weights), the
    /// routes it reaches (as the app's endpoints name them: BadInputFuzzRouteTests checks that
    /// every route of the app is here), and how to make one. A new endpoint is one row.
    /// </summary>
    private FuzzKind[] Kinds() =>
    [
        new("sms, signed", 3, ["/twilio/sms"], () => Sms(signed: true)),
        new("sms, unsigned or badly signed", 1, ["/twilio/sms"], () => Sms(signed: false)),
        new("voice, signed", 2, ["/twilio/voice", "/twilio/voice/gather"], Voice),
        new("status callback, signed", 1, ["/twilio/status"], Status),
        new("unreadable form", 1, [], UnreadableForm),
        new("direct line activity", 2, ["/v3/directline/conversations/{conversationId}/activities"], DirectLineActivity),
        new("direct line tokens and reads", 1, ["/v3/directline/tokens/generate", "/v3/directline/tokens/refresh", "/v3/directline/conversations",
            "/v3/directline/conversations/{conversationId}", "/v3/directline/conversations/{conversationId}/stream"], DirectLineOther),
        new("staff api", 2, StaffJsonRoutes, StaffJson),
        new("survey file", 1, ["/api/surveys"], SurveyYaml),
        new("survey spreadsheet", 1, ["/api/surveys"], SurveyXlsx),
        new("people file", 1, ["/api/people"], PeopleCsv),
        new("pages", 2, ["/", "/staff", "/staff/review/{id}", "/staff/rounds", "/staff/rounds/index", "/staff/rounds/details/{id}",
            "/staff/people", "/staff/people/index", "/chat", "/staff/signin"], Page),
        new("other paths and methods", 1, ["/health", "/health/live", "/health/ready", "/metrics"], OddPath),
        new("chat token", 1, ["/chat/token"], ChatToken),
        new("results api", 1, ResultsRoutes, Results),
        new("results pages", 1, ["/results/{surveyId}", "/staff/results/{surveyId}"], ResultsPage),
        new("accounts and keys api", 1, AccountsRoutes, Accounts),
        new("sign-in pages", 1, SignInRoutes, SignInPage),
        new("opt-out and opt-in", 1, ["/api/people/opt-out", "/api/people/opt-in"], OptOut),
        new("quick votes api", 1, VotesRoutes, Votes),
        new("written answers api", 1, WrittenAnswersRoutes, WrittenAnswers),
        new("privacy and passkeys", 1, PrivacyAndPasskeyRoutes, PrivacyAndPasskeys),
        new("staff forms", 1, FormPages, FormPage),
        new("interviews", 1, InterviewRoutes, Interviews),
    ];

    /// <summary>The routes the generated requests reach, for the check that no route of the app is left out.</summary>
    public IReadOnlySet<string> Routes => _kinds.SelectMany(k => k.Routes).ToHashSet(StringComparer.OrdinalIgnoreCase);

    public FuzzRequest Next()
    {
        var pick = junk.Next(_totalWeight);
        foreach (var kind in _kinds)
        {
            if (pick < kind.Weight) return kind.Make() with { Kind = kind.Name };
            pick -= kind.Weight;
        }
        throw new InvalidOperationException("unreachable");
    }

    // ---- Twilio ----

    private Dictionary<string, string> SmsForm()
    {
        var sid = "SM" + junk.Long(32);
        var form = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["MessageSid"] = sid, ["SmsSid"] = sid, ["AccountSid"] = "AC0123456789abcdef0123456789abcdef",
            ["From"] = junk.Pick(Phones), ["To"] = "+447700900000", ["Body"] = junk.Pick(Bodies), ["NumMedia"] = "0", ["ApiVersion"] = "2010-04-01",
        };
        Mutate(form, ["MessageSid", "SmsSid", "From", "To", "Body", "NumMedia", "MediaUrl0", "MediaContentType0", "NumSegments", "FromCountry"]);
        return form;
    }

    private static readonly string[] Phones =
    [
        "+447700900123", "+447700901234", "+447911123456", "+14155550100", "+353851234567", "+447700900999", "+4477009001234567",
        "07700 900123", "+44770090012", "+1", "+", "abc", "", "client:alice", "+800123456789", "+447700900123\u0000", "+9991234567",
    ];

    private static readonly string[] Bodies =
    [
        "CHECKIN", "4", "yes", "STOP", "START", "HELP", "hello", "", "gwirio", "please stop texting me", "skip", "again", "the second one",
        "CHECKIN\u0000", "4\uFFFE", "yes\u0001\u0002", "\uFFFF", "CYMRAEG", "ENGLISH", "CONFUSING",
    ];

    private void Mutate(Dictionary<string, string> form, string[] fields)
    {
        var changes = junk.Next(4);
        for (var i = 0; i < changes; i++)
        {
            var field = junk.Pick(fields);
            if (junk.Chance(0.2)) form.Remove(field);
            else form[field] = junk.String();
        }
    }

    private FuzzRequest Sms(bool signed)
    {
        var form = SmsForm();
        return Signed(signed ? "sms, signed" : "sms, unsigned or badly signed", "/twilio/sms", form, signed);
    }

    private FuzzRequest Voice()
    {
        var form = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["CallSid"] = "CA" + junk.Long(32), ["AccountSid"] = "AC0123456789abcdef0123456789abcdef", ["From"] = junk.Pick(Phones),
            ["To"] = "+447700900000", ["CallStatus"] = "in-progress", ["Direction"] = junk.Chance(0.8) ? "inbound" : "outbound-api",
        };
        var path = "/twilio/voice";
        if (junk.Chance(0.7))
        {
            path += "/gather?turn=" + Junk.PercentEncode(junk.Chance(0.6) ? junk.Next(5).ToString() : junk.String());
            if (junk.Chance(0.4)) path += "&k=" + Junk.PercentEncode(junk.String()) + "&k=yes";
            if (junk.Chance(0.2)) path += "&invitation=" + Junk.PercentEncode(junk.String());
            if (junk.Chance(0.2)) path += "&lang=" + Junk.PercentEncode(junk.String());
            if (junk.Chance(0.2)) path += "&noinput=" + Junk.PercentEncode(junk.String());
            if (junk.Chance(0.5)) form["Digits"] = junk.Chance(0.5) ? junk.Pick(["1", "2", "4", "*", "0", "1403#", "12#"]) : junk.String();
            else
            {
                form["SpeechResult"] = junk.Chance(0.5) ? junk.Pick(Bodies) : junk.String();
                form["Confidence"] = junk.Number();
            }
        }
        else if (junk.Chance(0.3)) form["AnsweredBy"] = junk.Pick(["human", "machine_start", "fax", junk.String()]);
        Mutate(form, ["CallSid", "From", "To", "Direction", "CallStatus", "Digits", "SpeechResult", "Confidence", "AnsweredBy"]);
        return Signed("voice, signed", path, form, signed: !junk.Chance(0.1));
    }

    private FuzzRequest Status()
    {
        var message = junk.Chance(0.5);
        var form = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            [message ? "MessageSid" : "CallSid"] = (message ? "SM" : "CA") + junk.Long(32),
            [message ? "MessageStatus" : "CallStatus"] = junk.Pick(["delivered", "failed", "undelivered", "busy", "no-answer", "completed", "sent", "read", "canceled", "queued", "???"]),
            ["AccountSid"] = "AC0123456789abcdef0123456789abcdef",
        };
        if (junk.Chance(0.4)) form["ErrorCode"] = junk.Pick(["21610", "30003", "", "NaN", "1e309", junk.String()]);
        if (junk.Chance(0.3)) form["CallDuration"] = junk.Number();
        if (junk.Chance(0.2)) form["AnsweredBy"] = junk.Pick(["machine_start", "human", junk.String()]);
        Mutate(form, ["MessageSid", "CallSid", "MessageStatus", "CallStatus", "ErrorCode", "CallDuration", "To", "From"]);
        var path = "/twilio/status" + (junk.Chance(0.3) ? "?invitation=" + Junk.PercentEncode(junk.Chance(0.5) ? Guid.NewGuid().ToString() : junk.String()) : "");
        return Signed("status callback, signed", path, form, signed: true);
    }

    private FuzzRequest Signed(string kind, string pathAndQuery, Dictionary<string, string> form, bool signed)
    {
        var body = string.Join("&", form.Select(p => Junk.PercentEncode(p.Key) + "=" + Junk.PercentEncode(p.Value)));
        var message = new HttpRequestMessage(HttpMethod.Post, pathAndQuery)
        {
            Content = new StringContent(body, Encoding.UTF8, "application/x-www-form-urlencoded"),
        };
        message.Content.Headers.ContentType!.CharSet = null;
        if (signed)
        {
            // What the server will read back: lone surrogates become U+FFFD in UTF-8, as they would on the wire.
            var sent = form.ToDictionary(p => RoundTrip(p.Key), p => RoundTrip(p.Value));
            message.Headers.Add(TwilioSigner.HeaderName, TwilioSigner.Sign(targets.AuthToken, Host + pathAndQuery, sent));
        }
        else if (junk.Chance(0.5))
        {
            message.Headers.Add(TwilioSigner.HeaderName, junk.Chance(0.5) ? "bm90IGEgc2lnbmF0dXJl" : junk.Long(28));
        }
        return new FuzzRequest(kind, Caller.Anonymous, message);
    }

    private static string RoundTrip(string text) => Encoding.UTF8.GetString(Encoding.UTF8.GetBytes(text));

    private FuzzRequest UnreadableForm()
    {
        var path = junk.Pick(["/twilio/sms", "/twilio/voice", "/twilio/voice/gather?turn=1", "/twilio/status", "/staff/signin", "/staff/people"]);
        HttpContent content;
        switch (junk.Next(8))
        {
            case 0:
                content = new ByteArrayContent(Encoding.UTF8.GetBytes("Body=hi&From=%2B447700900123"));
                content.Headers.TryAddWithoutValidation("Content-Type", "application/x-www-form-urlencoded; charset=" + junk.Pick(["utf-7", "nonsense", "utf-32", "\"", "ebcdic-cp-us", "utf-16"]));
                break;
            case 1:
                content = new ByteArrayContent(Encoding.UTF8.GetBytes("--b\r\nContent-Disposition: form-data; name=\"Body\"\r\n\r\nhel"));
                content.Headers.TryAddWithoutValidation("Content-Type", "multipart/form-data; boundary=b");
                break;
            case 2:
                content = new ByteArrayContent(Encoding.UTF8.GetBytes("Body=" + new string('a', junk.Chance(0.5) ? 5_000_000 : 200_000)));
                content.Headers.TryAddWithoutValidation("Content-Type", "application/x-www-form-urlencoded");
                break;
            case 3:
                content = new ByteArrayContent(Encoding.UTF8.GetBytes(string.Concat(Enumerable.Range(0, 20_000).Select(i => $"f{i}=1&"))));
                content.Headers.TryAddWithoutValidation("Content-Type", "application/x-www-form-urlencoded");
                break;
            case 4:
                content = new ByteArrayContent([0xFF, 0xFE, 0x42, 0x6F, 0x64, 0x79, 0x3D, 0xC3, 0x28, 0x25, 0x5A, 0x26]);
                content.Headers.TryAddWithoutValidation("Content-Type", "application/x-www-form-urlencoded");
                break;
            case 5:
                content = new ByteArrayContent(Encoding.UTF8.GetBytes("Body=%%%&From=%zz%&%=%"));
                content.Headers.TryAddWithoutValidation("Content-Type", "application/x-www-form-urlencoded");
                break;
            case 6:
                content = new ByteArrayContent(Encoding.UTF8.GetBytes(junk.String()));
                content.Headers.TryAddWithoutValidation("Content-Type", junk.Pick(["multipart/form-data", "multipart/form-data; boundary=", "multipart/form-data; boundary=" + new string('x', 200), "text/plain", "application/json", "x/y; charset=utf-8"]));
                break;
            default:
                content = new ByteArrayContent(Encoding.UTF8.GetBytes("--b\r\nContent-Disposition: form-data; name=\"" + new string('n', 3000) + "\"\r\n\r\nv\r\n--b--\r\n"));
                content.Headers.TryAddWithoutValidation("Content-Type", "multipart/form-data; boundary=b");
                break;
        }
        var message = new HttpRequestMessage(HttpMethod.Post, path) { Content = content };
        if (junk.Chance(0.7)) message.Headers.Add(TwilioSigner.HeaderName, "bm90IGEgc2lnbmF0dXJl");
        return new FuzzRequest("unreadable form", junk.Chance(0.3) ? Caller.StaffBrowser : Caller.Anonymous, message);
    }

    // ---- Direct Line ----

    private FuzzRequest DirectLineActivity()
    {
        string body;
        switch (junk.Next(7))
        {
            case 0:
                body = $"{{\"type\":\"message\",\"from\":{{\"id\":\"x\"}},\"text\":{junk.JsonValue()}}}";
                break;
            case 1:
                body = $"{{\"type\":\"event\",\"name\":{junk.Pick(new[] { "\"startSurvey\"", "\"webchat/join\"", junk.JsonValue() })},\"value\":{junk.JsonValue()}}}";
                break;
            case 2:
                body = $"{{\"type\":\"message\",\"text\":\"hi\",\"channelData\":{{\"big\":\"{junk.Long(junk.Next(1000, 300_000))}\"}}}}";
                break;
            case 3:
                body = "{\"type\":\"message\",\"text\":\"yes\",\"attachments\":[" + string.Join(",", Enumerable.Range(0, junk.Next(1, 2000)).Select(_ => "{\"contentType\":\"image/png\",\"contentUrl\":\"data:,x\"}")) + "]}";
                break;
            case 4:
                body = junk.JsonObject("type");
                break;
            case 5:
                body = junk.BrokenJson();
                break;
            default:
                body = $"{{\"type\":\"message\",\"text\":{System.Text.Json.JsonSerializer.Serialize(junk.Pick(Bodies) + junk.Chars(junk.Next(0, 5)))}}}";
                break;
        }
        var conversation = junk.Chance(0.85) ? targets.ChatConversationId : junk.String();
        var message = new HttpRequestMessage(HttpMethod.Post, $"/v3/directline/conversations/{Segment(conversation)}/activities")
        {
            Content = new StringContent(body, Encoding.UTF8, junk.Chance(0.9) ? "application/json" : "text/plain"),
        };
        message.Headers.Authorization = new AuthenticationHeaderValue("Bearer", junk.Chance(0.9) ? targets.ChatToken : junk.Long(40));
        return new FuzzRequest("direct line activity", Caller.Anonymous, message);
    }

    private FuzzRequest DirectLineOther()
    {
        HttpRequestMessage message;
        switch (junk.Next(6))
        {
            case 0:
                message = new HttpRequestMessage(HttpMethod.Post, "/v3/directline/tokens/generate") { Content = new StringContent(junk.Chance(0.5) ? junk.JsonObject("user") : junk.BrokenJson(), Encoding.UTF8, "application/json") };
                message.Headers.TryAddWithoutValidation("Authorization", junk.Chance(0.6) ? "Bearer " + targets.DirectLineSecret : junk.Pick(["Bearer", "Basic abc", "Bearer " + junk.String(), junk.String()]));
                break;
            case 1:
                message = new HttpRequestMessage(HttpMethod.Post, "/v3/directline/conversations") { Content = new StringContent(junk.JsonObject("user"), Encoding.UTF8, "application/json") };
                message.Headers.TryAddWithoutValidation("Authorization", junk.Chance(0.5) ? "Bearer " + targets.DirectLineSecret : "Bearer " + junk.String());
                break;
            case 2:
                message = new HttpRequestMessage(HttpMethod.Get, $"/v3/directline/conversations/{Junk.PercentEncode(targets.ChatConversationId)}/activities?watermark={Junk.PercentEncode(junk.String())}");
                message.Headers.Authorization = new AuthenticationHeaderValue("Bearer", targets.ChatToken);
                break;
            case 3:
                message = new HttpRequestMessage(HttpMethod.Get, $"/v3/directline/conversations/{Segment(junk.Chance(0.5) ? targets.ChatConversationId : junk.String())}?watermark={Junk.PercentEncode(junk.String())}");
                message.Headers.TryAddWithoutValidation("Authorization", "Bearer " + (junk.Chance(0.5) ? targets.ChatToken : junk.String()));
                break;
            case 4:
                // The stream is a WebSocket: a plain GET (or one with the wrong token) is refused.
                message = new HttpRequestMessage(HttpMethod.Get, $"/v3/directline/conversations/{Segment(junk.Chance(0.7) ? targets.ChatConversationId : junk.String())}/stream?watermark={Junk.PercentEncode(junk.String())}");
                message.Headers.TryAddWithoutValidation("Authorization", "Bearer " + (junk.Chance(0.7) ? targets.ChatToken : junk.String()));
                break;
            default:
                message = new HttpRequestMessage(HttpMethod.Post, "/v3/directline/tokens/refresh");
                message.Headers.TryAddWithoutValidation("Authorization", "Bearer " + junk.Pick(new[] { targets.ChatToken, targets.DirectLineSecret, junk.String() }));
                break;
        }
        return new FuzzRequest("direct line tokens and reads", Caller.Anonymous, message);
    }

    private FuzzRequest ChatToken()
    {
        var message = new HttpRequestMessage(HttpMethod.Post, "/chat/token")
        {
            Content = new StringContent(junk.Chance(0.7) ? junk.JsonObject(junk.Pick(new[] { "visitor", "invite" })) : junk.BrokenJson(), Encoding.UTF8, "application/json"),
        };
        return new FuzzRequest("chat token", Caller.Anonymous, message);
    }

    // ---- Staff API ----

    private string Id() => junk.Chance(0.5) ? targets.SurveyId : junk.String();

    private FuzzRequest StaffJson()
    {
        var survey = Segment(Id());
        var proposal = junk.Chance(0.6) ? targets.ProposalId.ToString() : Segment(junk.String());
        var round = junk.Chance(0.6) ? targets.RoundId : Segment(junk.String());
        var (method, path, field) = junk.Pick(new (HttpMethod, string, string)[]
        {
            (HttpMethod.Post, "/api/board", "name"), (HttpMethod.Post, "/api/board", "role"),
            (HttpMethod.Post, $"/api/surveys/{survey}/owner", "member"), (HttpMethod.Post, $"/api/surveys/{survey}/submit", "member"),
            (HttpMethod.Post, $"/api/surveys/{survey}/approvals", "member"), (HttpMethod.Post, $"/api/surveys/{Segment(junk.String())}/retire", "member"),
            (HttpMethod.Post, $"/api/surveys/{survey}/proposals", "text"), (HttpMethod.Post, $"/api/surveys/{survey}/proposals", "question"),
            (HttpMethod.Post, $"/api/proposals/{proposal}/votes", "member"), (HttpMethod.Post, $"/api/proposals/{proposal}/accept", "member"),
            (HttpMethod.Post, $"/api/surveys/{survey}/comments", "text"), (HttpMethod.Post, $"/api/surveys/{survey}/flags", "note"),
            (HttpMethod.Post, $"/api/surveys/{survey}/pilots", "address"), (HttpMethod.Post, "/api/word-lists", "phrase"),
            (HttpMethod.Delete, $"/api/word-lists/{Segment(junk.Number())}", "id"), (HttpMethod.Post, "/api/rounds", "groups"),
            (HttpMethod.Post, "/api/rounds", "opens"), (HttpMethod.Post, $"/api/rounds/{round}/close", "id"), (HttpMethod.Post, $"/api/surveys/{survey}/publish", "id"),
            (HttpMethod.Get, $"/api/surveys/{survey}/review", "id"), (HttpMethod.Get, $"/api/surveys/{survey}/results?round={Junk.PercentEncode(junk.String())}", "id"),
            (HttpMethod.Get, $"/api/surveys/{survey}/history", "id"), (HttpMethod.Get, $"/api/surveys/{survey}/xlsform", "id"), (HttpMethod.Get, $"/api/rounds/{round}", "id"),
            (HttpMethod.Get, "/api/outbox", "id"), (HttpMethod.Get, "/api/surveys", "id"), (HttpMethod.Get, "/api/board", "id"), (HttpMethod.Get, "/api/word-lists", "id"),
        });
        var message = new HttpRequestMessage(method, path);
        if (method != HttpMethod.Get)
        {
            var body = junk.Next(4) switch
            {
                0 => junk.BrokenJson(),
                1 => $"{{\"member\":\"{targets.MemberId}\",\"{field}\":{junk.JsonValue()},\"question\":\"happy\",\"language\":\"en\",\"variant\":\"text\",\"list\":\"jargon\",\"phrase\":\"x{junk.Next(1000)}\",\"survey\":\"{targets.SurveyId}\",\"groups\":[\"a\"],\"channel\":\"sms\"}}",
                _ => junk.JsonObject(field),
            };
            message.Content = Content(body, junk.Chance(0.9) ? "application/json" : junk.Pick(["text/plain", "application/x-www-form-urlencoded", "application/json; charset=nonsense"]));
        }
        return new FuzzRequest("staff api", StaffCaller(), message);
    }

    private Caller StaffCaller() => junk.Next(10) switch { 0 => Caller.Anonymous, 1 => Caller.StaffBrowser, _ => Caller.StaffKey };

    private FuzzRequest SurveyYaml()
    {
        var lines = targets.SurveyYaml.Split('\n').ToList();
        var survey = junk.Long(8);
        // A new id and keyword, so an upload that is accepted makes a draft of its own.
        for (var i = 0; i < lines.Count; i++)
        {
            if (lines[i].StartsWith("id: ", StringComparison.Ordinal)) lines[i] = "id: fuzz-" + survey;
            lines[i] = lines[i].Replace("CHECKIN", "F" + survey.ToUpperInvariant()).Replace("GWIRIO", "G" + survey.ToUpperInvariant());
        }
        var faults = junk.Next(1, 4);
        for (var f = 0; f < faults; f++)
        {
            var at = junk.Next(lines.Count);
            switch (junk.Next(7))
            {
                case 0: lines.RemoveAt(at); break;
                case 1: lines.Insert(at, lines[junk.Next(lines.Count)]); break;
                case 2: lines[at] = lines[at] + junk.Pick(["\u0001", "\uFFFE", "\uFFFF", "\u0000", "\u0008"]); break;
                case 3:
                    var colon = lines[at].IndexOf(": ", StringComparison.Ordinal);
                    if (colon > 0) lines[at] = lines[at][..(colon + 2)] + System.Text.Json.JsonSerializer.Serialize(junk.String());
                    break;
                case 4: lines[at] = junk.Pick(["  - [", "&a a", "*a", "!!binary x", "{", "? x", "%YAML 9.9", "---", "...", "\t"]) + lines[at]; break;
                case 5: lines.Insert(at, "  " + string.Concat(Enumerable.Range(0, junk.Next(10, 3000)).Select(i => $"k{i}: 1\n  "))); break;
                default: lines[at] = new string(' ', junk.Next(0, 8)) + lines[at].TrimStart(); break;
            }
        }
        var message = new HttpRequestMessage(HttpMethod.Post, "/api/surveys") { Content = Content(string.Join('\n', lines), junk.Chance(0.9) ? "application/yaml" : junk.Pick(["text/plain", "application/octet-stream", "x"])) };
        return new FuzzRequest("survey file", StaffCaller(), message);
    }

    private FuzzRequest SurveyXlsx()
    {
        var bytes = targets.SurveyXlsx.ToArray();
        switch (junk.Next(4))
        {
            case 0: bytes = bytes[..junk.Next(bytes.Length)]; break;
            case 1:
                for (var i = 0; i < junk.Next(1, 20); i++) bytes[junk.Next(bytes.Length)] = (byte)junk.Next(256);
                break;
            case 2: bytes = Encoding.UTF8.GetBytes(junk.String()); break;
            default: break;
        }
        var message = new HttpRequestMessage(HttpMethod.Post, "/api/surveys") { Content = new ByteArrayContent(bytes) };
        message.Content.Headers.ContentType = new MediaTypeHeaderValue("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
        return new FuzzRequest("survey spreadsheet", StaffCaller(), message);
    }

    private string CsvRow()
    {
        var cells = new[] { junk.String(), junk.Pick(Phones), junk.Pick(["sms", "voice", "web", junk.String()]), junk.Pick(["en", "cy", junk.String()]),
            junk.Pick(["Europe/London", "Mars/Olympus", junk.String()]), junk.Pick(["2026-03-14", "2026-02-30", junk.String()]), junk.String() };
        return string.Join(",", cells.Select(c => junk.Chance(0.5) ? "\"" + c.Replace("\"", "\"\"") + "\"" : c));
    }

    private FuzzRequest PeopleCsv()
    {
        var csv = new StringBuilder("name,phone,channel,language,timezone,next_checkin,groups\n");
        for (var i = 0; i < junk.Next(1, 6); i++) csv.Append(CsvRow()).Append('\n');
        if (junk.Chance(0.2)) csv.Append("\"unclosed,").Append(junk.String());
        var message = new HttpRequestMessage(HttpMethod.Post, "/api/people" + (junk.Chance(0.3) ? "?partial=" + Junk.PercentEncode(junk.Pick(["true", "yes", junk.String()])) : ""))
        {
            Content = new StringContent(csv.ToString(), Encoding.UTF8, "text/csv"),
        };
        return new FuzzRequest("people file", StaffCaller(), message);
    }

    // ---- Pages ----

    /// <summary>
    /// A path segment. Kestrel answers 400 to a NUL in a path before any of our code runs; the
    /// in-memory test server throws instead, so NUL is left out of paths (it stays in bodies and queries).
    /// </summary>
    private static string Segment(string text) => Junk.PercentEncode(text.Replace("\0", ""));

    /// <summary>A body with any Content-Type at all, even one HttpClient would refuse to build.</summary>
    private static HttpContent Content(string body, string contentType)
    {
        var content = new ByteArrayContent(Encoding.UTF8.GetBytes(body));
        content.Headers.TryAddWithoutValidation("Content-Type", contentType);
        return content;
    }

    private FuzzRequest Page()
    {
        var caller = junk.Chance(0.7) ? Caller.StaffBrowser : Caller.Anonymous;
        var survey = Segment(Id());
        var handler = junk.Pick(["approve", "propose", "vote", "accept", "comment", "flag", junk.String(), ""]);
        var path = junk.Pick(new[]
        {
            $"/staff/review/{survey}", $"/staff/review/{survey}?handler={Junk.PercentEncode(handler)}", "/staff/rounds", $"/staff/rounds?handler={Junk.PercentEncode(handler)}",
            "/staff/people", $"/staff/rounds/{(junk.Chance(0.5) ? targets.RoundId : Segment(junk.String()))}", "/staff", $"/staff?handler={Junk.PercentEncode(handler)}",
            $"/staff/rounds/details/{(junk.Chance(0.5) ? targets.RoundId : Segment(junk.String()))}", $"/staff/people/index?handler={Junk.PercentEncode(handler)}", "/staff/rounds/index",
            $"/chat?survey={Junk.PercentEncode(junk.String())}&invite={Junk.PercentEncode(junk.String())}", $"/staff/signin?ReturnUrl={Junk.PercentEncode(junk.String())}",
        });
        if (junk.Chance(0.3)) return new FuzzRequest("pages", caller, new HttpRequestMessage(HttpMethod.Get, path));

        var fields = new List<KeyValuePair<string, string>>();
        if (junk.Chance(0.85)) fields.Add(new("__RequestVerificationToken", junk.Chance(0.9) ? targets.AntiforgeryToken : junk.String()));
        foreach (var name in junk.Pick(new[]
        {
            new[] { "Member", "Proposal", "Text" }, new[] { "Member", "Question", "Language", "Variant", "Text" }, new[] { "Member", "Question", "Channel", "Text" },
            new[] { "Survey", "Groups", "Channel", "Opens", "Closes", "ReminderAfterDays" }, new[] { "key" }, new[] { "GoodRowsOnly" },
        }))
        {
            var value = name switch
            {
                "Member" when junk.Chance(0.6) => targets.MemberId,
                "Proposal" when junk.Chance(0.5) => targets.ProposalId.ToString(),
                "Survey" when junk.Chance(0.5) => targets.SurveyId,
                "ReminderAfterDays" => junk.Number(),
                "Opens" or "Closes" => junk.Pick(["2026-03-01T09:00", "NaN", "0001-01-01T00:00", "9999-12-31T23:59", junk.String()]),
                _ => junk.String(),
            };
            fields.Add(new(name, value));
        }
        var body = string.Join("&", fields.Select(p => Junk.PercentEncode(p.Key) + "=" + Junk.PercentEncode(p.Value)));
        var message = new HttpRequestMessage(HttpMethod.Post, path) { Content = new StringContent(body, Encoding.UTF8, "application/x-www-form-urlencoded") };
        return new FuzzRequest("pages", caller, message);
    }

    private FuzzRequest OddPath()
    {
        var method = junk.Pick(new[] { HttpMethod.Get, HttpMethod.Post, HttpMethod.Put, HttpMethod.Delete, HttpMethod.Patch, HttpMethod.Options, HttpMethod.Head });
        var path = junk.Pick(new[]
        {
            "/", "/health", "/metrics", "/hangfire", "/api", "/api/surveys/" + Segment(junk.String()), "/twilio", "/twilio/voice/" + Segment(junk.String()),
            "/v3/directline/" + Segment(junk.String()), "/results/" + Segment(junk.String()), "/lib/webchat/" + Segment(junk.String()),
            "/%2e%2e/%2e%2e/etc/passwd", "/staff/" + Segment(junk.String()), "/chat/token",
        });
        var message = new HttpRequestMessage(method, path);
        if (method != HttpMethod.Get && method != HttpMethod.Head && junk.Chance(0.5)) message.Content = new StringContent(junk.String(), Encoding.UTF8, "application/json");
        return new FuzzRequest("other paths and methods", StaffCaller(), message);
    }
}
