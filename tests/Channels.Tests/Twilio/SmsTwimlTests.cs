using System.Text;
using CoProduction.Channels.Twilio;
using Microsoft.AspNetCore.Http;
using Microsoft.Bot.Builder;
using Microsoft.Bot.Schema;
using Twilio.TwiML;

namespace CoProduction.Channels.Tests.Twilio;

public class SmsTwimlTests
{
    /// <summary>Replies as the survey sends them, and the characters XML treats specially.</summary>
    public static TheoryData<string[]> Replies => new()
    {
        new string[0],
        new[] { "Thank you." },
        new[] { "How happy are you with your support? Reply 1 (very unhappy) to 5 (very happy).", "Text STOP to stop." },
        new[] { "Do you feel safe at home? Reply YES or NO & <nothing else>", "5 > 4 and \"quotes\" and 'apostrophes'" },
        new[] { "Diolch! Ydych chi'n teimlo'n ddiogel gartref? Atebwch IE neu NA. Ŵyr, ŷd, â, ê, î, ô, û, ẁ, ẃ" },
        new[] { "Two lines:\nthe second line", "a\ttab" },
        new[] { "A carriage return\r\nin the text", "and one alone\r" },
        new[] { "A next-line \u0085 and a line separator \u2028" },
        new[] { "Thumbs up \U0001F44D", "Ends with an ampersand &" },
        new[] { "Already escaped: &amp; &lt;tag&gt; ]]> <![CDATA[x]]>" },
        new[] { string.Concat(Enumerable.Repeat("Fish & chips <3 > ŵ ", 120)), "Bye" },
    };

    [Theory]
    [MemberData(nameof(Replies))]
    public void ToString_IsByteForByteWhatTwiliosMessagingResponseWrites(string[] texts)
    {
        var library = new MessagingResponse();
        foreach (var text in texts) library.Message(text);

        var written = SmsTwiml.ToString(texts.Select(t => (IActivity)MessageFactory.Text(t)).ToList());

        Assert.Equal(library.ToString(), written);
    }

    [Fact]
    public void ToString_LeavesOutTypingEventsAndBlankTexts_LikeTheLibraryWithOnlyTheTexts()
    {
        IActivity[] activities =
        [
            new Activity(ActivityTypes.Typing),
            MessageFactory.Text("Thank you."),
            MessageFactory.Text("   "),
            new Activity(ActivityTypes.Event) { Text = "not for the person" },
            MessageFactory.Text("Bye & take care"),
        ];
        var library = new MessagingResponse();
        library.Message("Thank you.");
        library.Message("Bye & take care");

        Assert.Equal(library.ToString(), SmsTwiml.ToString(activities));
    }

    [Theory]
    [MemberData(nameof(Replies))]
    public async Task WriteAsync_PutsTheSameBytesInTheResponse_WithTheirLength(string[] texts)
    {
        var library = new MessagingResponse();
        foreach (var text in texts) library.Message(text);
        var context = new DefaultHttpContext();
        var body = new MemoryStream();
        context.Response.Body = body;

        await SmsTwiml.WriteAsync(context.Response, texts.Select(t => (IActivity)MessageFactory.Text(t)).ToList(), CancellationToken.None);

        var expected = Encoding.UTF8.GetBytes(library.ToString());
        Assert.Equal(expected, body.ToArray());
        Assert.Equal(expected.Length, context.Response.ContentLength);
        Assert.Equal(StatusCodes.Status200OK, context.Response.StatusCode);
        Assert.Equal("application/xml", context.Response.ContentType);
    }
}
