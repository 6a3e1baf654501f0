using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using CoProduction.Bot.Tests.Infrastructure;
using CoProduction.Channels.Twilio;
using CoProduction.Store.Accounts;
using CoProduction.Store.FreeText;
using CoProduction.Store.Model;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using CoProduction.Store.WebChat;

namespace CoProduction.Bot.Tests.Safety;

/// <summary>A column a field lands in; <paramref name="AsStored"/> when the store keeps it changed (upper-cased, say).</summary>
public sealed record Column(Type Entity, string Property, Func<string, string>? AsStored = null);

/// <summary>What the service answered one send.</summary>
public sealed record Sent(int Status, string Body);

/// <summary>The service under test and who can call it.</summary>
public sealed record FieldContext(ServiceFactory Factory, HttpClient Staff, SignedIn Member, string DirectLineSecret);

/// <summary>How a value one character too long is answered: a plain 400, or (a text message) a kind reply by text.</summary>
public enum Refusal { Plain400, KindReplyByText }

/// <summary>
/// One field a person or staff can send: the columns it lands in (the first one's length is the
/// limit), how to send a value (prepared once, so a call or a chat can be under way), and, where
/// the edge is stricter than the column, the longest value the edge takes.
/// </summary>
public sealed record FieldCase(
    Column[] Columns,
    Func<FieldContext, Task<Func<string, Task<Sent>>>> Prepare,
    Func<int, string>? Longest = null,
    Func<string, string>? Longer = null,
    Refusal Refusal = Refusal.Plain400);

/// <summary>
/// Every string field that comes in through a public path, one row each: adding a field that
/// reaches a new column means adding a row here (or to <see cref="StringColumnTests"/>'s list of
/// columns only the service writes), or StringColumnTests fails naming the column.
/// </summary>
public static class FieldLengthCases
{
    private static Column C<T>(string property, Func<string, string>? asStored = null) => new(typeof(T), property, asStored);

    private static Func<FieldContext, Task<Func<string, Task<Sent>>>> Json(Func<FieldContext, HttpClient> client, string path, Func<string, object> body) =>
        c => Task.FromResult<Func<string, Task<Sent>>>(v => SendAsync(client(c), HttpMethod.Post, path, JsonContent.Create(body(v))));

    private static Func<FieldContext, Task<Func<string, Task<Sent>>>> Staff(string path, Func<string, object> body) => Json(c => c.Staff, path, body);

    private static Func<FieldContext, Task<Func<string, Task<Sent>>>> Member(string path, Func<string, string, object> body) =>
        c => Task.FromResult<Func<string, Task<Sent>>>(v => SendAsync(c.Member.Client, HttpMethod.Post, path, JsonContent.Create(body(v, c.Member.MemberId!))));

    private static Func<FieldContext, Task<Func<string, Task<Sent>>>> PeopleFile(string header, Func<string, string> row) =>
        c => Task.FromResult<Func<string, Task<Sent>>>(v => SendAsync(c.Staff, HttpMethod.Post, "/api/people", new StringContent(header + "\n" + row(v) + "\n", Encoding.UTF8, "text/csv")));

    private static Func<FieldContext, Task<Func<string, Task<Sent>>>> SurveyFile(Func<string, string> yaml) =>
        c => Task.FromResult<Func<string, Task<Sent>>>(v => SendAsync(c.Staff, HttpMethod.Post, "/api/surveys", new StringContent(yaml(v), Encoding.UTF8, "application/yaml")));

    private static string SurveyYaml(string id = "fieldlen", string title = "Field lengths", string keyword = "FIELDLEN") =>
        $"id: {id}\ntitle: \"{title}\"\nkeyword: {keyword}\nintro: Hello\noutro: Bye\nquestions:\n  - id: q\n    type: yesno\n    text: Fine?\n";

    /// <summary>
    /// A phone number is checked as a number: every possible one (E.164, at most 16 characters) fits its 20-character column.
    /// One number a case: the cases share one store, and an opted-out number would change what another case's import keeps.
    /// </summary>
    private static Func<int, string> Phone(string number) => _ => number;

    private static string TooLongPhone(string _) => "+44740010029912345678";

    public static readonly Dictionary<string, FieldCase> All = new()
    {
        // Board and review, by staff or a signed-in member.
        ["board member name"] = new([C<BoardMember>(nameof(BoardMember.Name))], Staff("/api/board", v => new { name = v, role = "staff" }),
            // Not the letters "account name" uses: a board member is an account too, and the cases share one store.
            max => new string('n', max)),
        ["board member phone"] = new([C<Account>(nameof(Account.PhoneNumber))], Staff("/api/board", v => new { name = "Phone " + v.Length, role = "staff", phone = v }), Phone("+447400100289"), TooLongPhone),
        ["proposal text"] = new([C<WordingProposal>(nameof(WordingProposal.Text))], Member("/api/surveys/checkin/proposals", (v, m) => new { member = m, question = "happy", language = "en", variant = "text", text = v })),
        ["comment text"] = new([C<ReviewComment>(nameof(ReviewComment.Text))], Member("/api/surveys/checkin/comments", (v, m) => new { member = m, text = v })),
        ["flag note"] = new([C<ConfusingFlag>(nameof(ConfusingFlag.Note))], Member("/api/surveys/checkin/flags", (v, m) => new { member = m, question = "happy", channel = "web", note = v })),
        ["pilot web address"] = new([C<PilotRun>(nameof(PilotRun.Address))], Member("/api/surveys/checkin/pilots", (v, m) => new { member = m, channel = "web", address = v })),
        ["word list phrase"] = new([C<WordListEntry>(nameof(WordListEntry.Phrase))], Staff("/api/word-lists", v => new { list = "jargon", phrase = v, instead = "plain" })),
        ["word list instead"] = new([C<WordListEntry>(nameof(WordListEntry.Instead))], Staff("/api/word-lists", v => new { list = "jargon", phrase = "p" + v.Length, instead = v })),

        // People: the CSV import (API and People page) and opting out or back in.
        ["person name"] = new([C<Person>(nameof(Person.Name))], PeopleFile("name,phone", v => $"{v},07400 100201")),
        ["person phone"] = new([C<Person>(nameof(Person.Phone))], PeopleFile("name,phone", v => $"Pat,{v}"), Phone("+447400100288"), TooLongPhone),
        ["person group"] = new([C<PersonGroup>(nameof(PersonGroup.Group))], PeopleFile("name,phone,groups", v => $"Pat,07400 100202,{v}")),
        ["person language"] = new([C<Person>(nameof(Person.Language))], PeopleFile("name,phone,language", v => $"Pat,07400 100203,{v}")),
        ["person time zone"] = new([C<Person>(nameof(Person.TimeZone))], PeopleFile("name,phone,timezone", v => $"Pat,07400 100204,{v}"),
            max => TimeZoneInfo.GetSystemTimeZones().Select(z => z.Id).Where(id => id.Length <= max).MaxBy(id => id.Length)!, _ => "Europe/" + new string('b', 64)),
        ["opt-out phone"] = new([C<OptOut>(nameof(OptOut.Phone))], Staff("/api/people/opt-out", v => new { phone = v }), Phone("+447400100299"), TooLongPhone),
        ["opt-in phone"] = new([C<OptOut>(nameof(OptOut.Phone))], c => Task.FromResult<Func<string, Task<Sent>>>(async v =>
        {
            var optOut = await SendAsync(c.Staff, HttpMethod.Post, "/api/people/opt-out", JsonContent.Create(new { phone = v }));
            return optOut.Status >= 400 ? optOut : await SendAsync(c.Staff, HttpMethod.Post, "/api/people/opt-in", JsonContent.Create(new { phone = v }));
        }), Phone("+447400100298"), TooLongPhone),

        // Accounts and keys (the staff key is an admin's).
        ["account name"] = new([C<Account>(nameof(Account.DisplayName))], Staff("/api/accounts", v => new { email = $"name{v.Length}@example.org", name = v, role = "viewer", password = SignIns.Password })),
        ["account email"] = new([C<Account>(nameof(Account.Email)), C<Account>(nameof(Account.UserName)), C<Account>(nameof(Account.NormalizedEmail), Upper), C<Account>(nameof(Account.NormalizedUserName), Upper)],
            Staff("/api/accounts", v => new { email = v, name = "Email " + v.Length, role = "viewer", password = SignIns.Password }),
            max => new string('a', max - "@example.org".Length) + "@example.org", v => "b" + v),
        ["api key name"] = new([C<ApiKey>(nameof(ApiKey.Name))], Staff("/api/keys", v => new { name = v, role = "viewer" })),
        ["own api key name"] = new([C<ApiKey>(nameof(ApiKey.Name))], Member("/api/me/keys", (v, _) => new { name = v }), max => new string('o', max)),

        // Results: "you said, we did".
        ["action text"] = new([C<SurveyAction>(nameof(SurveyAction.Text))], Staff("/api/surveys/checkin/actions", v => new { text = v, status = "done" })),
        ["action why"] = new([C<SurveyAction>(nameof(SurveyAction.Why))], Staff("/api/surveys/checkin/actions", v => new { text = "Why " + v.Length, status = "not-possible", why = v })),
        ["action text in welsh"] = new([C<SurveyAction>(nameof(SurveyAction.TextCy))], Staff("/api/surveys/checkin/actions", v => new { text = "Welsh " + v.Length, status = "done", cy = new { text = v } })),
        ["action why in welsh"] = new([C<SurveyAction>(nameof(SurveyAction.WhyCy))],
            Staff("/api/surveys/checkin/actions", v => new { text = "Welsh why " + v.Length, status = "not-possible", why = "Too costly", cy = new { text = "Rhy ddrud", why = v } })),

        // Written answers and quick votes.
        ["theme name"] = new([C<Theme>(nameof(Theme.Name))], Staff("/api/surveys/checkin/themes", v => new { name = v })),
        ["quote text"] = new([C<Quote>(nameof(Quote.Text))], async c =>
        {
            var quote = await ProposeQuoteAsync(c);
            return v => SendAsync(c.Staff, HttpMethod.Put, $"/api/surveys/checkin/quotes/{quote}", JsonContent.Create(new { text = v }));
        }),
        ["quote approval reason"] = new([C<Quote>(nameof(Quote.ConfirmReason))], async c =>
        {
            // Only a quote the check flagged keeps a reason: one with a phone number in it.
            var quote = await ProposeQuoteAsync(c);
            await SendAsync(c.Staff, HttpMethod.Put, $"/api/surveys/checkin/quotes/{quote}", JsonContent.Create(new { text = "Ring me on 07700 900123 please" }));
            return v => SendAsync(c.Staff, HttpMethod.Post, $"/api/surveys/checkin/quotes/{quote}/approve", JsonContent.Create(new { reason = v }));
        }),
        ["vote groups"] = new([C<QuickVote>(nameof(QuickVote.Groups))],
            Staff("/api/votes", v => new { question = "Which colour?", options = new[] { "Blue", "Green" }, groups = v.Split(';'), closes = DateTimeOffset.UtcNow.AddDays(7) }),
            VoteGroups, v => v + "x"),

        // Surveys and rounds.
        ["survey id"] = new([C<Survey>(nameof(Survey.Id)), C<SurveyVersion>(nameof(SurveyVersion.SurveyId))], SurveyFile(v => SurveyYaml(id: v, keyword: "SURVEYID" + v.Length))),
        ["survey title"] = new([C<Survey>(nameof(Survey.Title))], SurveyFile(v => SurveyYaml(id: "title-" + v.Length, title: v, keyword: "TITLE" + v.Length))),
        ["survey keyword"] = new([C<Survey>(nameof(Survey.Keyword)), C<SurveyVersion>(nameof(SurveyVersion.Keyword))], SurveyFile(v => SurveyYaml(id: "keyword-" + v.Length, keyword: v)),
            _ => new string('K', 20) /* KeywordReader.MaxLength: one word, easy to text */, v => v + "L"),
        ["round groups"] = new([C<Round>(nameof(Round.Groups))], Staff("/api/rounds", v => new { survey = "checkin", groups = new[] { v }, channel = "sms", closes = DateTimeOffset.UtcNow.AddDays(14) })),

        // What people send: web chat, texts and calls.
        ["web chat user id"] = new([C<WebChatConversation>(nameof(WebChatConversation.UserId)), C<Person>(nameof(Person.WebUserId))], c => Task.FromResult(Chat(c, v => new { id = v }))),
        ["web chat user name"] = new([C<WebChatConversation>(nameof(WebChatConversation.UserName))], c => Task.FromResult<Func<string, Task<Sent>>>(async v =>
        {
            // A name is kept when a web server holding the secret starts the conversation itself.
            using var start = new HttpRequestMessage(HttpMethod.Post, "/v3/directline/conversations") { Content = JsonContent.Create(new { user = new { id = "named-" + v.Length, name = v } }) };
            start.Headers.Authorization = new AuthenticationHeaderValue("Bearer", c.DirectLineSecret);
            return await Read(await c.Factory.CreateClient().SendAsync(start));
        })),
        ["web chat message"] = new([C<Answer>(nameof(Answer.Raw))], async c =>
        {
            var chat = await DirectLineChat.StartAsync(c.Factory.CreateClient());
            await chat.SendEventAsync("startSurvey", new { survey = "checkin", language = "en" });
            return async v => await Read(await chat.SendTextAsync(v));
        }, _ => new string('a', CoProduction.Channels.DirectLine.DirectLineActivityMapper.MaxTextLength)),
        ["web chat client activity id"] = new([C<WebChatActivity>(nameof(WebChatActivity.ClientActivityId))], async c =>
        {
            var chat = await DirectLineChat.StartAsync(c.Factory.CreateClient());
            return async v => await Read(await chat.PostAsync(new { type = "message", from = new { id = chat.UserId }, text = "HELP", channelData = new { clientActivityID = v } }));
        }),
        ["text message"] = new([C<Answer>(nameof(Answer.Raw))], async c =>
        {
            var phone = c.Factory.Phone("+447400100297");
            await phone.TextAsync("CHECKIN");
            return async v => await Read(await phone.SendAsync(v));
        }, _ => new string('a', TwilioSmsAdapter.MaxBodyLength), Refusal: Refusal.KindReplyByText),
        ["text message id"] = new([C<InboundMessage>(nameof(InboundMessage.MessageId))], c =>
        {
            var phone = c.Factory.Phone("+447400100296");
            return Task.FromResult<Func<string, Task<Sent>>>(async v => await Read(await phone.SendAsync("CHECKIN", messageSid: v)));
        }, max => "SM" + new string('a', max - 2)),
        ["call speech"] = new([C<Answer>(nameof(Answer.Raw))], async c =>
        {
            var call = c.Factory.Call("+447400100295");
            await call.StartInboundAsync();
            await call.PressAsync("1");
            await call.PressAsync("1");
            return async v =>
            {
                await call.SayAsync(v);
                return new Sent(call.LastStatusCode, call.LastBody);
            };
        }, _ => new string('s', TwilioSmsAdapter.MaxBodyLength) /* not the text message's: the cases share one store */),
    };

    private static string Upper(string value) => value.ToUpperInvariant();

    /// <summary>Groups of up to 100 letters (the most one group name may have), joined by ';' to exactly <paramref name="max"/> characters.</summary>
    private static string VoteGroups(int max)
    {
        var joined = new StringBuilder();
        for (var n = 0; joined.Length < max; n++)
        {
            if (joined.Length > 0) joined.Append(';');
            var length = Math.Min(100, max - joined.Length);
            joined.Append((n.ToString("D3") + new string('g', 100))[..length]);
        }
        return joined.ToString();
    }

    /// <summary>A written answer to the check-in's text question ("change"), chosen as a quote; returns the quote's id.</summary>
    private static async Task<string> ProposeQuoteAsync(FieldContext c)
    {
        var round = await ResultsSeed.AddRoundAsync(c.Factory.Services, "checkin");
        await ResultsSeed.AddPeopleAsync(c.Factory.Services, round, 1, "happy=4 change=text:The_minibus_is_always_late", surveyId: "checkin");
        long answer;
        await using (var scope = c.Factory.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<CoProduction.Store.StoreDbContext>();
            answer = await db.Answers.Where(a => a.SurveyId == "checkin" && a.QuestionId == "change").MaxAsync(a => a.Id);
        }
        var proposed = await c.Staff.PostAsJsonAsync("/api/surveys/checkin/quotes", new { answer });
        proposed.EnsureSuccessStatusCode();
        return (await proposed.Content.ReadFromJsonAsync<System.Text.Json.JsonElement>()).GetProperty("id").GetString()!;
    }

    /// <summary>A chat token for the user <paramref name="user"/> makes, from a web server holding the Direct Line secret; then a survey starts in it.</summary>
    private static Func<string, Task<Sent>> Chat(FieldContext c, Func<string, object> user) => async v =>
    {
        var http = c.Factory.CreateClient();
        using var generate = new HttpRequestMessage(HttpMethod.Post, "/v3/directline/tokens/generate") { Content = JsonContent.Create(new { user = user(v) }) };
        generate.Headers.Authorization = new AuthenticationHeaderValue("Bearer", c.DirectLineSecret);
        var token = await Read(await http.SendAsync(generate));
        if (token.Status >= 400) return token;
        using var start = new HttpRequestMessage(HttpMethod.Post, "/v3/directline/conversations");
        start.Headers.Authorization = new AuthenticationHeaderValue("Bearer", System.Text.Json.JsonDocument.Parse(token.Body).RootElement.GetProperty("token").GetString());
        var started = await Read(await http.SendAsync(start));
        if (started.Status >= 400) return started;
        var conversation = System.Text.Json.JsonDocument.Parse(started.Body).RootElement;
        using var say = new HttpRequestMessage(HttpMethod.Post, $"/v3/directline/conversations/{conversation.GetProperty("conversationId").GetString()}/activities")
        {
            Content = JsonContent.Create(new { type = "event", name = "startSurvey", value = new { survey = "checkin", language = "en" } }),
        };
        say.Headers.Authorization = new AuthenticationHeaderValue("Bearer", conversation.GetProperty("token").GetString());
        return await Read(await http.SendAsync(say));
    };

    private static async Task<Sent> SendAsync(HttpClient client, HttpMethod method, string path, HttpContent content)
    {
        using var request = new HttpRequestMessage(method, path) { Content = content };
        return await Read(await client.SendAsync(request));
    }

    private static async Task<Sent> Read(HttpResponseMessage response)
    {
        using (response) return new Sent((int)response.StatusCode, await response.Content.ReadAsStringAsync());
    }
}
