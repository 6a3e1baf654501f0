using System.Text.RegularExpressions;
using CoProduction.Bot.BrowserTests.Infrastructure;
using Microsoft.Playwright;
using Xunit.Abstractions;

namespace CoProduction.Bot.BrowserTests.WebChat;

/// <summary>
/// The chat page in headless Chromium through a round-robin proxy over two real nodes on one
/// PostgreSQL, with no sticky sessions: the page, the token, the conversation, the stream and each
/// answer may each land on either node, and the person notices nothing.
/// </summary>
[Collection(ChromiumCollection.Name)]
public sealed partial class ChatThroughRoundRobinProxyTests(ChromiumFixture chromium, TwoNodesBehindProxy deployment, ITestOutputHelper output)
    : IClassFixture<TwoNodesBehindProxy>, IAsyncLifetime
{
    private IBrowserContext _context = null!;
    private IPage _page = null!;

    public async Task InitializeAsync()
    {
        _context = await chromium.Browser.NewContextAsync(new BrowserNewContextOptions { BaseURL = deployment.Proxy.BaseAddress.ToString() });
        _context.SetDefaultTimeout(ChromiumFixture.Patience);
        _page = await _context.NewPageAsync();
    }

    public async Task DisposeAsync() => await _context.CloseAsync();

    [Fact]
    public async Task DemoSurvey_AnsweredByButtonsAndTyping_ThroughAProxyAlternatingBetweenTwoNodes_IsStoredOnce()
    {
        var chat = new ChatWindow(_page);
        try
        {
            await _page.GotoAsync("/chat?survey=checkin");

            await chat.ClickChoiceAsync("4 Happy", next: "Do you feel safe where you live?");
            await chat.TypeAsync("yes", next: "What matters most to you this year?");
            await chat.ClickChoiceAsync("Friends and family", next: "How many times did you see your support worker");
            await chat.TypeAsync("3", next: "Would you like a chat with us");
            await chat.TypeAsync("tuesday", next: "If you could change one thing");
            await chat.TypeAsync("More evening visits", next: "Thank you.");
        }
        catch (Exception e) when (e is TimeoutException or PlaywrightException)
        {
            throw new TimeoutException($"{e.Message.Split("Aria snapshot")[0]}\nThe page said: {await _page.Locator("main").InnerTextAsync(new() { Timeout = 5_000 })}\n"
                + $"The proxy passed on: {string.Join("; ", deployment.Proxy.Requests.Select(r => $"{r.Node} {r.Method} {r.Path} {r.Status}"))}\n{deployment.Cluster.Logs}", e);
        }

        // Every answer is in the shared store, once.
        var cluster = deployment.Cluster;
        var answers = await cluster.StringsAsync("""SELECT "QuestionId" || '=' || COALESCE("Value", '') FROM "Answers" WHERE "SurveyId" = 'checkin'""");
        Assert.Equal(6, await cluster.CountAsync("""SELECT COUNT(*) FROM "Answers" WHERE "SurveyId" = 'checkin'"""));
        Assert.Subset(answers, new HashSet<string> { "happy=4", "safe=yes", "matters=friends", "visits=3", "change=More evening visits" });
        Assert.Contains(answers, a => IsoDate().IsMatch(a) && a.StartsWith("call_day=", StringComparison.Ordinal));
        Assert.Equal(1, await cluster.CountAsync("""SELECT COUNT(*) FROM "Sessions" WHERE "SurveyId" = 'checkin' AND "Status" = 'Completed'"""));

        // The proxy really did alternate: both nodes served the page's requests, and the answers
        // were posted to the node that did not hold the stream, which still brought every reply.
        var requests = deployment.Proxy.Requests;
        var perNode = requests.GroupBy(r => r.Node).ToDictionary(g => g.Key, g => g.Count());
        var summary = string.Join(", ", perNode.Select(n => $"{n.Key}: {n.Value}")) + "; "
            + string.Join("; ", requests.Select(r => $"{r.Node} {r.Method} {r.Path} {r.Status}"));
        Assert.True(perNode.GetValueOrDefault(cluster.A.Name) > 0 && perNode.GetValueOrDefault(cluster.B.Name) > 0, $"requests per node: {summary}");
        var streams = requests.Where(r => r.WebSocket).ToList();
        Assert.True(streams is [{ Status: 101 }], $"one stream through the proxy: {summary}");
        var stream = streams[0];
        var posts = requests.Where(r => r.Method == "POST" && r.Path.EndsWith("/activities", StringComparison.Ordinal)).ToList();
        Assert.True(posts.Count >= 6, $"{posts.Count} activities posted");
        Assert.True(posts.Any(p => p.Node != stream.Node), $"no answer was posted to the node without the stream: {summary}");
        Assert.All(posts, p => Assert.Equal(200, p.Status));
        // Replies came by the stream, not by polling for them.
        Assert.DoesNotContain(requests, r => r.Method == "GET" && r.Path.EndsWith("/activities", StringComparison.Ordinal));
        output.WriteLine($"Stream on node {stream.Node}; answers posted to a: {posts.Count(p => p.Node == cluster.A.Name)}, b: {posts.Count(p => p.Node == cluster.B.Name)}; requests {summary}");
    }

    [GeneratedRegex(@"=\d{4}-\d{2}-\d{2}$")]
    private static partial Regex IsoDate();
}
