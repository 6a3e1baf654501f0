using System.Net;
using System.Net.Http.Json;
using CoProduction.Bot.Tests.Infrastructure;
using CoProduction.Store;
using CoProduction.Store.Model;
using CoProduction.Testing;
using CoProduction.Testing.Postgres;
using Microsoft.Extensions.DependencyInjection;

namespace CoProduction.Bot.Tests.Safety;

/// <summary>
/// Every text field staff can send, at the longest its column holds (taken from the EF model, as
/// the service does) and one character longer: the longest is kept, the longer one is a plain 400
/// that changes nothing. On PostgreSQL, which enforces lengths, as well as on SQLite, which does not.
/// </summary>
public abstract class FieldLengthTests(IStoreBackend backend)
{
    public static TheoryData<string> Fields() => new(Cases.Keys);

    private delegate object Body(string value, string member);

    /// <summary>Board actions are sent by a member signed in as themselves; the rest with the staff key.</summary>
    private static readonly HashSet<string> BoardActions = ["proposal text", "comment text", "flag note", "pilot web address"];

    private static readonly Dictionary<string, (string Path, Type Entity, string Property, Body Body)> Cases = new()
    {
        ["board member name"] = ("/api/board", typeof(BoardMember), nameof(BoardMember.Name), (v, _) => new { name = v, role = "staff" }),
        ["proposal text"] = ("/api/surveys/checkin/proposals", typeof(WordingProposal), nameof(WordingProposal.Text),
            (v, m) => new { member = m, question = "happy", language = "en", variant = "text", text = v }),
        ["comment text"] = ("/api/surveys/checkin/comments", typeof(ReviewComment), nameof(ReviewComment.Text), (v, m) => new { member = m, text = v }),
        ["flag note"] = ("/api/surveys/checkin/flags", typeof(ConfusingFlag), nameof(ConfusingFlag.Note), (v, m) => new { member = m, question = "happy", channel = "web", note = v }),
        ["pilot web address"] = ("/api/surveys/checkin/pilots", typeof(PilotRun), nameof(PilotRun.Address), (v, m) => new { member = m, channel = "web", address = v }),
        ["word list phrase"] = ("/api/word-lists", typeof(WordListEntry), nameof(WordListEntry.Phrase), (v, _) => new { list = "jargon", phrase = v, instead = "plain" }),
        ["word list instead"] = ("/api/word-lists", typeof(WordListEntry), nameof(WordListEntry.Instead), (v, _) => new { list = "jargon", phrase = "p" + v.Length, instead = v }),
    };

    [Theory]
    [MemberData(nameof(Fields))]
    public async Task LongestValue_IsKept_AndOneLonger_Gets400AndChangesNothing(string field)
    {
        await using var service = await BackendService.StartAsync(backend);
        var sam = await SignIns.MemberAsync(service.Factory, "Sam", "expert-by-experience");
        var member = sam.MemberId!;
        var client = BoardActions.Contains(field) ? sam.Client : service.Factory.StaffClient();
        var (path, entity, property, body) = Cases[field];
        var max = service.Factory.Services.GetRequiredService<FieldLimits>().MaxLength(entity, property)!.Value;

        var longest = await client.PostAsJsonAsync(path, body(new string('a', max), member));
        var before = await StoreFingerprint.TakeAsync(service.Factory.Services);
        var longer = await client.PostAsJsonAsync(path, body(new string('b', max + 1), member));
        var after = await StoreFingerprint.TakeAsync(service.Factory.Services);

        Assert.True(longest.IsSuccessStatusCode, $"{field} of {max} characters: {(int)longest.StatusCode} {await longest.Content.ReadAsStringAsync()}");
        Assert.Equal(HttpStatusCode.BadRequest, longer.StatusCode);
        Assert.Contains(max.ToString(), await longer.Content.ReadAsStringAsync());
        Assert.Empty(StoreFingerprint.Changed(before, after));
    }
}

public sealed class FieldLengthOnSqliteTests() : FieldLengthTests(SqliteBackend.Instance);

[Collection(PostgresCollection.Name)]
public sealed class FieldLengthOnPostgresTests(PostgresServer server) : FieldLengthTests(server);
