using CoProduction.Channels.DirectLine;
using Microsoft.Bot.Builder;
using Microsoft.Bot.Schema;
using Newtonsoft.Json.Linq;

namespace CoProduction.Channels.Tests.DirectLine;

/// <summary>
/// A reply is serialised once, before it has its number, and its id is put in after
/// (<see cref="DirectLineJson.WithId"/>): what a client receives must stay byte for byte what
/// Newtonsoft writes for the activity with its id.
/// </summary>
public class DirectLineJsonTests
{
    private static readonly DateTimeOffset Now = new(2025, 3, 1, 9, 0, 0, TimeSpan.Zero);
    private static readonly ChannelAccount Bot = new("coproduction-bot", "CoProduction", RoleTypes.Bot);

    public static TheoryData<string> Replies() => new()
    {
        "plain",
        "welsh-with-buttons",
        "quotes-and-lines",
        "attachment-and-entities",
        "channel-data-and-value",
        "typing",
        "type-only",
        "event-with-name",
    };

    private static Activity Reply(string kind)
    {
        Activity reply;
        switch (kind)
        {
            case "plain":
                reply = (Activity)MessageFactory.Text("How happy are you with your support?");
                break;
            case "welsh-with-buttons":
                reply = (Activity)MessageFactory.Text("Pa mor hapus ydych chi â'ch cymorth? Ŵ ŷ ê î ô û – “dyfyniad” 👍");
                reply.Locale = "cy";
                reply.InputHint = InputHints.ExpectingInput;
                reply.SuggestedActions = new SuggestedActions
                {
                    Actions =
                    [
                        new CardAction(ActionTypes.ImBack, title: "Hapus iawn", value: "5"),
                        new CardAction(ActionTypes.ImBack, title: "Ddim yn siŵr", value: "skip"),
                    ],
                };
                break;
            case "quotes-and-lines":
                reply = (Activity)MessageFactory.Text("Say \"yes\" or \\no\\\nthen\ttab <b>&amp;</b> \u2028 end");
                reply.InputHint = InputHints.AcceptingInput;
                break;
            case "attachment-and-entities":
                reply = (Activity)MessageFactory.Attachment(new HeroCard("Title", "Sub", "Text", [new CardImage("https://example.org/a.png")]).ToAttachment());
                reply.Entities = [new Entity("mention") { Properties = JObject.Parse("{\"text\":\"Sam\"}") }];
                break;
            case "channel-data-and-value":
                reply = (Activity)MessageFactory.Text("with data");
                reply.ChannelData = new { gather = new { numDigits = 1, keys = new[] { "1", "2" }, when = "2025-03-01T09:00:00Z" } };
                reply.Value = JObject.Parse("{\"n\":1.5,\"s\":\"é\"}");
                break;
            case "typing":
                reply = new Activity(ActivityTypes.Typing);
                break;
            case "type-only":
                reply = new Activity(ActivityTypes.Message);
                break;
            default:
                reply = (Activity)Activity.CreateEventActivity();
                reply.Name = "startSurvey";
                break;
        }
        reply.ReplyToId = "conv|m0123456789abcdef";
        return reply;
    }

    [Theory]
    [MemberData(nameof(Replies))]
    public void WithId_WritesWhatNewtonsoftWrites_ForTheActivityWithItsId(string kind)
    {
        var stamped = DirectLineActivityMapper.Outbound(Reply(kind), "AbCdEf123456", Bot, Now);
        var withoutId = DirectLineJson.Serialize(stamped);
        stamped.Id = DirectLineActivityMapper.ActivityId("AbCdEf123456", 42);

        Assert.Equal(DirectLineJson.Serialize(stamped), DirectLineJson.WithId(withoutId, stamped));
    }

    [Theory]
    [MemberData(nameof(Replies))]
    public void WithId_WritesWhatNewtonsoftWrites_ForAnActivityNotStamped(string kind)
    {
        var activity = Reply(kind);
        var withoutId = DirectLineJson.Serialize(activity);
        activity.Id = "conv|0000001";

        Assert.Equal(DirectLineJson.Serialize(activity), DirectLineJson.WithId(withoutId, activity));
    }

    [Theory]
    [InlineData("message", "id with \"quotes\"")]
    [InlineData("message", "id-with-é")]
    [InlineData("odd\"type", "conv|0000001")]
    [InlineData("tëst", "conv|0000001")]
    public void WithId_SerialisesAgain_WhenTheTypeOrIdWouldBeEscaped(string type, string id)
    {
        var activity = new Activity(type) { Text = "hello" };
        var withoutId = DirectLineJson.Serialize(activity);
        activity.Id = id;

        Assert.Equal(DirectLineJson.Serialize(activity), DirectLineJson.WithId(withoutId, activity));
    }

    [Fact]
    public void WithId_SerialisesAgain_WhenTheTypeIsMissing()
    {
        var activity = new Activity { Text = "no type" };
        var withoutId = DirectLineJson.Serialize(activity);
        activity.Id = "conv|0000001";

        Assert.Equal(DirectLineJson.Serialize(activity), DirectLineJson.WithId(withoutId, activity));
    }

    [Fact]
    public void WithId_SerialisesAgain_WhenGivenJsonOfAnotherType()
    {
        var activity = new Activity(ActivityTypes.Message) { Text = "hello", Id = "conv|0000001" };

        Assert.Equal(DirectLineJson.Serialize(activity), DirectLineJson.WithId("{\"type\":\"typing\"}", activity));
    }

    [Theory]
    [InlineData("{\"type\":\"message\",\"text\":\"Pa mor hapus? \\u00e2 \\\"4\\\"\",\"from\":{\"id\":\"dl_x\",\"name\":\"Rhys\"},\"locale\":\"cy\",\"channelData\":{\"clientActivityID\":\"1733150000000abc\",\"clientTimestamp\":\"2026-12-02T16:00:00.000Z\"},\"timestamp\":\"2026-12-02T16:00:00.1234567Z\"}")]
    [InlineData("{\"type\":\"message\",\"text\":\"4\",\"value\":{\"n\":1.5},\"attachments\":[{\"contentType\":\"text/plain\",\"content\":\"x\"}],\"entities\":[{\"type\":\"mention\"}]}")]
    [InlineData("{\"type\":\"event\",\"name\":\"startSurvey\",\"value\":{\"survey\":\"checkin\",\"language\":\"cy\"}}")]
    public void TryDeserialize_OnTheKeptSerializer_ReadsWhatJsonConvertRead(string json)
    {
        var expected = Newtonsoft.Json.JsonConvert.DeserializeObject<Activity>(json, DirectLineJson.Settings)!;

        var read = DirectLineJson.TryDeserialize(json);

        Assert.NotNull(read);
        Assert.Equal(Newtonsoft.Json.JsonConvert.SerializeObject(expected, DirectLineJson.Settings), Newtonsoft.Json.JsonConvert.SerializeObject(read, DirectLineJson.Settings));
    }

    [Theory]
    [InlineData("{\"type\":\"message\",\"text\":\"hi\"} {\"type\":\"message\"}")]
    [InlineData("{\"type\":\"message\",\"text\":\"hi\"}]")]
    [InlineData("{\"type\":\"message\",\"text\":")]
    [InlineData("[{\"type\":\"message\"}]")]
    public void TryDeserialize_RefusesWhatJsonConvertRefused_TextAfterTheObjectIncluded(string json)
    {
        Assert.ThrowsAny<Newtonsoft.Json.JsonException>(() => Newtonsoft.Json.JsonConvert.DeserializeObject<Activity>(json, DirectLineJson.Settings));
        Assert.Null(DirectLineJson.TryDeserialize(json));
    }

    [Fact]
    public void TryDeserialize_RefusesNestingDeeperThanTheLimit_AsJsonConvertDid()
    {
        var deep = "{\"type\":\"message\",\"value\":" + string.Concat(Enumerable.Repeat("{\"a\":", 40)) + "1" + new string('}', 40) + "}";

        Assert.ThrowsAny<Newtonsoft.Json.JsonException>(() => Newtonsoft.Json.JsonConvert.DeserializeObject<Activity>(deep, DirectLineJson.Settings));
        Assert.Null(DirectLineJson.TryDeserialize(deep));
    }

    [Fact]
    public async Task ActivitySetResult_WritesTheBytesOfTheActivitySet_WithItsLength_ForEveryReplyAndWatermark()
    {
        var records = ((IEnumerable<object[]>)Replies()).Select((kind, n) => new DirectLineActivityRecord(n, DirectLineJson.Serialize(Reply((string)kind[0])))).ToList();
        // A lone surrogate (a client's broken text kept as it came) is written as the string would have been encoded.
        records.Add(new DirectLineActivityRecord(records.Count, "{\"type\":\"message\",\"text\":\"broken \ud83d end\"}"));
        foreach (var (set, watermark) in new (List<DirectLineActivityRecord>, long?)[] { (records, records.Count - 1), ([], 41), ([], null), (records.Take(1).ToList(), 0) })
        {
            var context = new Microsoft.AspNetCore.Http.DefaultHttpContext();
            using var body = new MemoryStream();
            context.Response.Body = body;

            await new DirectLineActivitySetResult(set, watermark).ExecuteAsync(context);
            await context.Response.BodyWriter.FlushAsync();

            var expected = System.Text.Encoding.UTF8.GetBytes(DirectLineJson.ActivitySet(set, watermark));
            Assert.Equal(expected, body.ToArray());
            Assert.Equal(expected.Length, context.Response.ContentLength);
            Assert.Equal("application/json; charset=utf-8", context.Response.ContentType);
            Assert.Equal(200, context.Response.StatusCode);
        }
    }

    [Fact]
    public void RentActivitySetUtf8_IsTheActivitySetsUtf8_ForEveryReplyAndWatermark_ALoneSurrogateIncluded()
    {
        var records = ((IEnumerable<object[]>)Replies()).Select((kind, n) => new DirectLineActivityRecord(n, DirectLineJson.Serialize(Reply((string)kind[0])))).ToList();
        records.Add(new DirectLineActivityRecord(records.Count, "{\"type\":\"message\",\"text\":\"broken \ud83d end\"}"));
        foreach (var (set, watermark) in new (List<DirectLineActivityRecord>, long?)[] { (records, records.Count - 1), ([], 41), ([], null), (records.Take(1).ToList(), 0) })
        {
            var (buffer, length) = DirectLineJson.RentActivitySetUtf8(set, watermark);

            Assert.Equal(System.Text.Encoding.UTF8.GetBytes(DirectLineJson.ActivitySet(set, watermark)), buffer.AsSpan(0, length).ToArray());
            System.Buffers.ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    [Fact]
    public void Serialize_OnOneThread_ALongActivityThenShortOnes_EachWritesWhatJsonConvertWrote()
    {
        // The thread's kept builder: a long text (not kept after), then short ones, never carry one activity's text into the next.
        var texts = new[] { new string('x', 40_000), "4", "Pa mor hapus? \u00e2 \"4\"", new string('\u0175', 9_000), "" };
        foreach (var text in texts.Concat(texts.Reverse()))
        {
            var reply = MessageFactory.Text(text);
            Assert.Equal(Newtonsoft.Json.JsonConvert.SerializeObject(reply, Newtonsoft.Json.Formatting.None, DirectLineJson.Settings), DirectLineJson.Serialize((Activity)reply));
        }
    }

    /// <summary>
    /// Activities beyond the bot's usual replies, each as the schema allows: every property the schema's
    /// contract has, set; extension data on the activity and its accounts; a subclass; cards, entities and
    /// lists of other collection types; dates with no fraction and with offsets; text that JSON escapes.
    /// </summary>
    public static TheoryData<string> Shapes() => new()
    {
        "every-property",
        "extension-data",
        "account-with-extension-data",
        "subclass",
        "escaped-text",
        "dates",
        "arrays-and-nulls",
        "visitor-echo",
        "card-and-channel-data",
    };

    private static Activity Shape(string kind)
    {
        var activity = new Activity(ActivityTypes.Message) { Id = "conv|0000003", Timestamp = Now, ChannelId = "directline", Text = "hello" };
        switch (kind)
        {
            case "every-property":
                // Every property Newtonsoft's contract writes, set by reflection: a property the schema gains is set too, so a writer that leaves it out fails here.
                var contract = (Newtonsoft.Json.Serialization.JsonObjectContract)Newtonsoft.Json.JsonSerializer.Create(DirectLineJson.Settings).ContractResolver.ResolveContract(typeof(Activity));
                Assert.True(contract.Properties.Count(p => !p.Ignored) >= 42, "the schema's activity has at least 42 properties");
                foreach (var property in contract.Properties.Where(p => !p.Ignored))
                {
                    var info = typeof(Activity).GetProperty(property.UnderlyingName!)!;
                    info.SetValue(activity, SampleOf(info.PropertyType, property.PropertyName!));
                }
                break;
            case "extension-data":
                activity.Properties = JObject.Parse("{\"custom\":\"x\",\"n\":2,\"nested\":{\"a\":[1,null,\"é\"]},\"nothing\":null}");
                break;
            case "account-with-extension-data":
                activity.From = new ChannelAccount("dl_x", "Rhys", RoleTypes.User) { Properties = JObject.Parse("{\"tenant\":\"t1\"}") };
                activity.Conversation = new ConversationAccount(isGroup: false, id: "conv") { Properties = JObject.Parse("{\"k\":true}") };
                activity.Recipient = new ChannelAccount("bot", null, RoleTypes.Bot) { Properties = [] };
                break;
            case "subclass":
                activity.From = new Microsoft.Bot.Schema.Teams.TeamsChannelAccount { Id = "dl_x", Name = "Rhys", GivenName = "R" };
                activity.Entities = [new Microsoft.Bot.Schema.Mention(new ChannelAccount("b", "Bot"), "<at>Bot</at>")];
                break;
            case "escaped-text":
                activity.Text = "tab\t nl\n cr\r ff\f bs\b nul\0 unit\u001f del\u007f quote\" back\\ slash/ <b>&amp;</b> nel\u0085 ls\u2028 ps\u2029 bom\ufeff Ŵ ŷ 👍 lone\ud83d end";
                activity.Locale = "cy";
                activity.Speak = "<speak>\"Helo\"</speak>";
                break;
            case "dates":
                activity.Timestamp = new DateTimeOffset(2026, 12, 5, 9, 0, 0, TimeSpan.Zero);
                activity.LocalTimestamp = new DateTimeOffset(2026, 7, 1, 10, 30, 15, 120, TimeSpan.FromHours(1));
                activity.Expiration = new DateTimeOffset(1999, 1, 2, 3, 4, 5, TimeSpan.FromMinutes(-330)).AddTicks(1);
                break;
            case "arrays-and-nulls":
                activity.Attachments = [];
                activity.Entities = new System.Collections.ObjectModel.Collection<Entity>();
                activity.SuggestedActions = new SuggestedActions(to: ["a", "b"], actions: [new CardAction(ActionTypes.ImBack, "Yes", value: 1), null!, new CardAction { Type = ActionTypes.PostBack, Value = JObject.Parse("{\"v\":[true]}"), ChannelData = new { x = 1 } }]);
                activity.ListenFor = [];
                activity.MembersAdded = [];
                break;
            case "visitor-echo":
                activity = DirectLineJson.TryDeserialize("{\"type\":\"message\",\"id\":\"x\",\"text\":\"Pa mor hapus? \\u00e2 \\\"4\\\" 👍\",\"from\":{\"id\":\"dl_x\",\"name\":\"Rhys\"},\"locale\":\"cy\",\"channelData\":{\"clientActivityID\":\"1733150000000abc\",\"clientTimestamp\":\"2026-12-02T16:00:00.000Z\",\"n\":1.50,\"big\":12345678901234567890,\"t\":true,\"z\":null},\"attachments\":[{\"contentType\":\"text/plain\",\"content\":\"x\"}],\"timestamp\":\"2026-12-02T16:00:00.1234567Z\"}")!;
                activity.Timestamp = Now;
                break;
            default:
                activity.Attachments = [new HeroCard("Title", "Sub", "Text", [new CardImage("https://example.org/a.png")], [new CardAction(ActionTypes.OpenUrl, "Go", value: "https://example.org")]).ToAttachment(), new Attachment("image/png", "https://example.org/b.png") { Properties = JObject.Parse("{\"w\":1}") }];
                activity.ChannelData = new { gather = new { numDigits = 1, keys = new[] { "1", "2" }, when = new DateTime(2025, 3, 1, 9, 0, 0, DateTimeKind.Utc) } };
                activity.Value = 42;
                activity.RelatesTo = new ConversationReference(activityId: "a", conversation: new ConversationAccount(id: "c"));
                break;
        }
        return activity;
    }

    /// <summary>A value for a property of the given type, its text naming the property (so a property written under another's name shows).</summary>
    private static object? SampleOf(Type type, string name) => type switch
    {
        _ when type == typeof(string) => name + " é \"",
        _ when type == typeof(DateTimeOffset?) => Now.AddMinutes(name.Length).ToOffset(TimeSpan.FromHours(name.Length % 3)),
        _ when type == typeof(bool?) => name.Length % 2 == 0,
        _ when type == typeof(object) => JObject.Parse("{\"of\":\"" + name + "\"}"),
        _ when type == typeof(ChannelAccount) => new ChannelAccount(name + "-id", name, RoleTypes.User, "aad-" + name),
        _ when type == typeof(ConversationAccount) => new ConversationAccount(true, "group", name + "-id", name, "aad", RoleTypes.Bot, "tenant"),
        _ when type == typeof(IList<ChannelAccount>) => new List<ChannelAccount> { new(name) },
        _ when type == typeof(IList<MessageReaction>) => new List<MessageReaction> { new("like") },
        _ when type == typeof(SuggestedActions) => new SuggestedActions(["to-" + name], [new CardAction { Type = ActionTypes.ImBack, Title = "t", Image = "i", Text = "x", DisplayText = "d", Value = "v", ChannelData = JObject.Parse("{\"c\":1}"), ImageAltText = "alt" }]),
        _ when type == typeof(IList<Attachment>) => new List<Attachment> { new("text/plain", content: "a") },
        _ when type == typeof(IList<Entity>) => new List<Entity> { new("mention") },
        _ when type == typeof(ConversationReference) => new ConversationReference(activityId: name),
        _ when type == typeof(IList<string>) => new List<string> { name },
        _ when type == typeof(IList<TextHighlight>) => new List<TextHighlight> { new(name, 1) },
        _ when type == typeof(SemanticAction) => new SemanticAction(name, new Dictionary<string, Entity> { ["e"] = new("x") }) { State = "start" },
        _ => throw new InvalidOperationException($"No sample for the activity's property {name} of type {type}: add one, and to DirectLineJson's writer."),
    };

    [Theory]
    [MemberData(nameof(Replies))]
    public void Serialize_WritesWhatTheSerializerWrites_ForEveryReply_StampedAndWithItsId(string kind)
    {
        foreach (var activity in new[] { Reply(kind), DirectLineActivityMapper.Outbound(Reply(kind), "AbCdEf123456", Bot, Now) })
        {
            Assert.Equal(OldSerializer(activity), DirectLineJson.Serialize(activity));
            activity.Id = "AbCdEf123456|0000042";
            Assert.Equal(OldSerializer(activity), DirectLineJson.Serialize(activity));
        }
    }

    [Theory]
    [MemberData(nameof(Shapes))]
    public void Serialize_WritesWhatTheSerializerWrites_ForEveryShapeOfActivity(string kind)
    {
        var activity = Shape(kind);

        Assert.Equal(OldSerializer(activity), DirectLineJson.Serialize(activity));
    }

    /// <summary>What every activity was written with before DirectLineJson wrote the schema's properties itself: the contract-based serializer.</summary>
    private static string OldSerializer(Activity activity) =>
        Newtonsoft.Json.JsonConvert.SerializeObject(activity, Newtonsoft.Json.Formatting.None, DirectLineJson.Settings);
}
