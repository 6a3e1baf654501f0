using CoProduction.Channels.DirectLine;
using Microsoft.Bot.Schema;

namespace CoProduction.Channels.Tests.DirectLine;

/// <summary>
/// A reply is serialised once, before it has its number, with its id's place held, and gets its digits
/// when the store takes the number (<see cref="DirectLineNumberedJson"/>): what a client receives, and what
/// the history keeps, must stay byte for byte what Newtonsoft writes for the activity with its id; the copy
/// without the id (kept with the message when EF saves the turn) what it writes with none.
/// </summary>
public class DirectLineNumberedJsonTests
{
    private const string Conversation = "AbCdEf123456";
    private static readonly DateTimeOffset Now = new(2025, 3, 1, 9, 0, 0, TimeSpan.Zero);
    private static readonly ChannelAccount Bot = new("coproduction-bot", "CoProduction", RoleTypes.Bot);

    public static TheoryData<string> Replies() => DirectLineJsonTests.Replies();

    private static Activity Stamped(string kind) => DirectLineActivityMapper.Outbound(DirectLineJsonTests.Reply(kind), Conversation, Bot, Now);

    private static string SerializedWithId(Activity activity, long sequence)
    {
        var id = activity.Id;
        activity.Id = DirectLineActivityMapper.ActivityId(Conversation, sequence);
        try
        {
            return DirectLineJson.Serialize(activity);
        }
        finally
        {
            activity.Id = id;
        }
    }

    [Theory]
    [MemberData(nameof(Replies))]
    public void Render_WritesWhatNewtonsoftWrites_ForTheReplyWithItsNumber_AsOftenAsItIsAsked(string kind)
    {
        var reply = Stamped(kind);
        var expectedWithoutId = DirectLineJson.Serialize(reply);
        var numbered = DirectLineNumberedJson.Of(reply, Conversation);
        Assert.Null(reply.Id);

        foreach (var sequence in new long[] { 42, 1, 9_999_999, 42 })
        {
            var rendered = numbered.Render(sequence);
            Assert.Equal(DirectLineActivityMapper.ActivityId(Conversation, sequence), reply.Id);
            Assert.Equal(DirectLineJson.Serialize(reply), rendered);
        }

        Assert.Equal(expectedWithoutId, numbered.WithoutId());
    }

    [Theory]
    [MemberData(nameof(Replies))]
    public void WithoutId_WritesWhatNewtonsoftWritesWithNoId_BeforeAndAfterTheBufferIsReleased(string kind)
    {
        var reply = Stamped(kind);
        var expected = DirectLineJson.Serialize(reply);
        var early = DirectLineNumberedJson.Of(reply, Conversation);
        Assert.Equal(expected, early.WithoutId());

        var late = DirectLineNumberedJson.Of(reply, Conversation);
        var rendered = late.Render(7);
        late.Release();
        Assert.Equal(expected, late.WithoutId());
        // Its id is still the number it was given, and rendering again after the release writes the same.
        Assert.Equal(DirectLineActivityMapper.ActivityId(Conversation, 7), reply.Id);
        Assert.Equal(rendered, late.Render(7));
    }

    [Fact]
    public void Render_PastSevenDigits_WritesTheLongerIdInFull()
    {
        var reply = Stamped("welsh-with-buttons");
        var numbered = DirectLineNumberedJson.Of(reply, Conversation);

        var rendered = numbered.Render(12_345_678);

        Assert.Contains("\"id\":\"" + Conversation + "|12345678\"", rendered);
        Assert.Equal(SerializedWithId(reply, 12_345_678), rendered);
    }

    [Theory]
    [InlineData("odd\"type", Conversation)]
    [InlineData("tëst", Conversation)]
    [InlineData("message", "conv-with-é")]
    [InlineData(null, Conversation)]
    public void AReplyNewtonsoftWouldEscape_IsWrittenInFull_WithAndWithoutItsId(string? type, string conversation)
    {
        var reply = new Activity(type) { Text = "hello \"there\"" };
        var withoutId = DirectLineJson.Serialize(reply);
        var numbered = DirectLineNumberedJson.Of(reply, conversation);

        var rendered = numbered.Render(3);

        Assert.Equal(DirectLineActivityMapper.ActivityId(conversation, 3), reply.Id);
        Assert.Equal(DirectLineJson.Serialize(reply), rendered);
        Assert.Equal(withoutId, numbered.WithoutId());
    }

    [Fact]
    public void TheRepliesWithoutIds_ReadAsAList_AreEachReplyWithoutItsId()
    {
        var replies = new[] { Stamped("plain"), Stamped("channel-data-and-value") };
        var expected = replies.Select(DirectLineJson.Serialize).ToList();

        var list = new DirectLineNumberedJson.WithoutIds(replies.Select(r => DirectLineNumberedJson.Of(r, Conversation)).ToList());

        Assert.Equal(2, list.Count);
        Assert.Equal(expected, list.ToList());
        Assert.Equal(expected[1], list[1]);
    }
}
