using System.Net.WebSockets;
using CoProduction.Bot.FaultTests.Infrastructure;
using static CoProduction.Bot.FaultTests.Infrastructure.DirectLine;

namespace CoProduction.Bot.FaultTests.WebChat;

/// <summary>A web chat over two real nodes with no sticky sessions: each request may land on either.</summary>
[Collection(ClusterCollection.Name)]
public sealed class ChatAcrossNodesTests(ClusterFixture fixture)
{
    private const string User = "dl_fault_tests";
    private readonly Cluster _cluster = fixture.Cluster;

    [Fact]
    public async Task AChatAlternatingBetweenNodes_WorksAsOnOne_AndTheStreamOnOneSeesWhatIsPostedOnTheOther()
    {
        var (a, b) = (_cluster.A, _cluster.B);
        var started = await SendAsync(a, HttpMethod.Post, "/v3/directline/conversations", Cluster.DirectLineSecret, new { user = new { id = User } });
        var id = started.GetProperty("conversationId").GetString()!;
        var token = started.GetProperty("token").GetString()!;

        // The client reconnects through node B and holds its stream there.
        var onB = await SendAsync(b, HttpMethod.Get, $"/v3/directline/conversations/{id}", token);
        var streamUrl = onB.GetProperty("streamUrl").GetString()!;
        Assert.StartsWith($"ws://127.0.0.1:{b.Port}/", streamUrl);
        using var socket = new ClientWebSocket();
        await socket.ConnectAsync(new Uri(streamUrl), CancellationToken.None);

        // Posted on A: the message and the bot's answer reach the stream on B.
        await PostTextAsync(a, id, token, User, "HELP");
        var streamed = await ReadStreamUntilAsync(socket, seen =>
            seen.FindIndex(x => Text(x) == "HELP") is var i and >= 0 && seen.Skip(i + 1).Any(x => From(x) != User), TimeSpan.FromSeconds(30));
        var help = streamed.FindIndex(x => Text(x) == "HELP");
        Assert.Contains(streamed.Skip(help + 1), x => From(x) != User && !string.IsNullOrEmpty(Text(x)));

        // Posted on B, read by polling on A after the last watermark the stream gave.
        var before = await SendAsync(a, HttpMethod.Get, $"/v3/directline/conversations/{id}/activities", token);
        var watermark = before.GetProperty("watermark").GetString();
        await PostTextAsync(b, id, token, User, "CHECKIN");
        var after = await SendAsync(a, HttpMethod.Get, $"/v3/directline/conversations/{id}/activities?watermark={watermark}", token);
        var texts = after.GetProperty("activities").EnumerateArray().ToList();
        Assert.Equal("CHECKIN", Text(texts[0]));
        Assert.Contains(texts.Skip(1), x => From(x) != User);

        // The whole history is the same on both nodes.
        var allOnA = await SendAsync(a, HttpMethod.Get, $"/v3/directline/conversations/{id}/activities", token);
        var allOnB = await SendAsync(b, HttpMethod.Get, $"/v3/directline/conversations/{id}/activities", token);
        Assert.Equal(allOnA.GetRawText(), allOnB.GetRawText());
    }
}
