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
    [MemberData(nameof(Replies))]
    public void Serialize_OnTheKeptSerializer_WritesWhatJsonConvertWrote(string kind)
    {
        var stamped = DirectLineActivityMapper.Outbound(Reply(kind), "AbCdEf123456", Bot, Now);
        stamped.Id = DirectLineActivityMapper.ActivityId("AbCdEf123456", 7);

        Assert.Equal(Newtonsoft.Json.JsonConvert.SerializeObject(stamped, Newtonsoft.Json.Formatting.None, DirectLineJson.Settings), DirectLineJson.Serialize(stamped));
        Assert.Equal(Newtonsoft.Json.JsonConvert.SerializeObject(Reply(kind), Newtonsoft.Json.Formatting.None, DirectLineJson.Settings), DirectLineJson.Serialize(Reply(kind)));
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
}
