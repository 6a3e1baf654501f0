using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using CoProduction.Bot.Tests.Infrastructure;
using CoProduction.Store;
using CoProduction.Testing;
using CoProduction.Testing.Postgres;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CoProduction.Bot.Tests.WebChat;

/// <summary>
/// A chat message posted again with the same client id (Web Chat's channelData.clientActivityID,
/// as a retry over a flaky connection sends it) is answered once: the same id back, one kept
/// message, one turn, one set of replies; also when the two copies arrive at once on two nodes of
/// one store. On SQLite and on PostgreSQL (nested <see cref="OnSqlite"/> and <see cref="OnPostgres"/>).
/// </summary>
public abstract class RepeatedChatActivityTests(IStoreBackend backend) : IAsyncLifetime
{
    private const string Secret = "repeated-activity-direct-line-secret-0123456789";
    private readonly ServiceFactory _a = new();
    private readonly ServiceFactory _b = new();
    private TestDatabase _database = null!;
    private string _conversation = null!;
    private string _token = null!;

    public async Task InitializeAsync()
    {
        Directory.CreateDirectory(_a.DataDirectory);
        _database = await backend.CreateDatabaseAsync(_a.DataDirectory);
        foreach (var node in new[] { _a, _b })
        {
            node.Settings["Store:Provider"] = backend.Provider;
            node.Settings["ConnectionStrings:Store"] = _database.ConnectionString;
            node.Settings["DirectLine:Secret"] = Secret;
        }
        // The first node makes the schema before the second starts.
        _ = _a.Server;
        _ = _b.Server;
        using var started = await _a.CreateClient().SendAsync(Request(HttpMethod.Post, "/v3/directline/conversations", Secret, new { user = new { id = "dl_rhys" } }));
        var body = await started.Content.ReadFromJsonAsync<JsonElement>();
        (_conversation, _token) = (body.GetProperty("conversationId").GetString()!, body.GetProperty("token").GetString()!);
        Assert.Equal(HttpStatusCode.OK, (await PostAsync(_a, "CHECKIN", "start-1")).Status);
    }

    public async Task DisposeAsync()
    {
        _b.Dispose();
        _a.Dispose();
        await _database.DisposeAsync();
    }

    private static HttpRequestMessage Request(HttpMethod method, string url, string bearer, object? body = null)
    {
        var request = new HttpRequestMessage(method, url);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", bearer);
        if (body is not null) request.Content = JsonContent.Create(body);
        return request;
    }

    private async Task<(HttpStatusCode Status, string? Id)> PostAsync(ServiceFactory node, string text, string clientActivityId)
    {
        using var response = await node.CreateClient().SendAsync(Request(HttpMethod.Post, $"/v3/directline/conversations/{_conversation}/activities", _token,
            new { type = "message", from = new { id = "dl_rhys" }, text, channelData = new { clientActivityID = clientActivityId } }));
        var id = response.IsSuccessStatusCode ? (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString() : null;
        return (response.StatusCode, id);
    }

    /// <summary>Every kept activity: who sent it and its text.</summary>
    private async Task<List<(string Role, string? Text)>> HistoryAsync()
    {
        using var read = await _a.CreateClient().SendAsync(Request(HttpMethod.Get, $"/v3/directline/conversations/{_conversation}/activities", _token));
        return [.. (await read.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("activities").EnumerateArray()
            .Select(a => (a.GetProperty("from").GetProperty("role").GetString()!, a.TryGetProperty("text", out var t) ? t.GetString() : null))];
    }

    private async Task<(int Answers, int Inbound)> CountsAsync()
    {
        await using var scope = _a.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<StoreDbContext>();
        return (await db.Answers.CountAsync(), await db.InboundMessages.CountAsync());
    }

    [Fact]
    public async Task TheSameActivityPostedAgain_GetsTheSameId_AndIsKeptAnsweredAndRecordedOnce()
    {
        var before = await HistoryAsync();

        var first = await PostAsync(_a, "4", "answer-1");
        var afterFirst = await HistoryAsync();
        var again = await PostAsync(_a, "4", "answer-1");

        Assert.Equal(HttpStatusCode.OK, first.Status);
        Assert.Equal(first, again);
        Assert.Equal(afterFirst, await HistoryAsync());
        Assert.Equal(("user", "4"), afterFirst[before.Count]);
        Assert.Contains(afterFirst.Skip(before.Count + 1), a => a.Role == "bot");
        Assert.Equal(1, (await CountsAsync()).Answers);
    }

    [Fact]
    public async Task TheSameActivityPostedTwiceAtOnce_OnTwoNodes_IsKeptAnsweredAndRecordedOnce()
    {
        var before = await HistoryAsync();
        var (answersBefore, inboundBefore) = await CountsAsync();

        var posts = await Task.WhenAll(PostAsync(_a, "4", "answer-1"), PostAsync(_b, "4", "answer-1"));

        Assert.Equal(HttpStatusCode.OK, posts[0].Status);
        Assert.Equal(posts[0], posts[1]);
        var after = await HistoryAsync();
        var added = after.Skip(before.Count).ToList();
        Assert.Equal([("user", "4")], added.Where(a => a.Role == "user"));
        Assert.Equal(("user", "4"), added[0]);
        // One set of replies: the next question is asked once.
        var replies = added.Skip(1).Select(a => a.Text).ToList();
        Assert.NotEmpty(replies);
        Assert.Equal(replies.Distinct(), replies);
        Assert.Equal((answersBefore + 1, inboundBefore + 1), await CountsAsync());
    }

    [Fact]
    public async Task PostsWithDifferentClientIds_AreEachATurn()
    {
        var (answersBefore, _) = await CountsAsync();

        var first = await PostAsync(_a, "4", "answer-1");
        var second = await PostAsync(_a, "yes", "answer-2");

        Assert.NotEqual(first.Id, second.Id);
        Assert.Equal(answersBefore + 2, (await CountsAsync()).Answers);
    }

    public sealed class OnSqlite() : RepeatedChatActivityTests(SqliteBackend.Instance);

    [Collection(PostgresCollection.Name)]
    public sealed class OnPostgres(PostgresServer server) : RepeatedChatActivityTests(server.DatabaseFor<OnPostgres>());
}
