using CoProduction.Store.Tests.Postgres;
using CoProduction.Store.Tests.TestSupport;
using CoProduction.Store.WebChat;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CoProduction.Store.Tests.WebChat;

/// <summary>Runs on SQLite and on PostgreSQL: see the nested <see cref="OnSqlite"/> and <see cref="OnPostgres"/>.</summary>
public abstract class WebChatHistoryTests(IStoreBackend backend) : IAsyncLifetime
{
    private static readonly TimeSpan Lifetime = TimeSpan.FromHours(1);
    private TestStore _store = null!;
    private WebChatHistory _history = null!;

    public async Task InitializeAsync()
    {
        _store = await TestStore.CreateAsync(backend);
        _history = _store.Services.GetRequiredService<WebChatHistory>();
    }

    public async Task DisposeAsync() => await _store.DisposeAsync();

    private DateTimeOffset Now => _store.Time.GetUtcNow();

    private async Task<(WebChatConversation Conversation, bool IsNew)> StartAsync(string id, string? user = null)
    {
        var (conversation, isNew, _) = await _history.StartAsync(id, user, null, Now, Now + Lifetime, default);
        return (conversation, isNew);
    }

    private Task<WebChatActivity?> AppendAsync(string id, string text, int keep = 1000) =>
        _history.AppendAsync(id, n => $"{{\"n\":{n},\"text\":\"{text}\"}}", Now, Now + Lifetime, keep, default);

    [Fact]
    public async Task Append_KeepsOnlyTheLatestActivities_DroppingTheOldest_AndNumbersGoOn()
    {
        await StartAsync("c1");
        await StartAsync("c2");
        for (var i = 0; i < 8; i++) await AppendAsync("c1", "m" + i, keep: 5);
        await AppendAsync("c2", "other", keep: 5);

        var kept = await _history.ReadAsync("c1", null, Now, default);
        var next = await AppendAsync("c1", "m8", keep: 5);

        Assert.Equal([3L, 4, 5, 6, 7], kept!.Select(a => a.Sequence));
        Assert.Equal(8, next!.Sequence);
        Assert.Equal([4L, 5, 6, 7, 8], (await _history.ReadAsync("c1", null, Now, default))!.Select(a => a.Sequence));
        // Another conversation's history is untouched.
        Assert.Single((await _history.ReadAsync("c2", null, Now, default))!);
    }

    [Fact]
    public async Task AppendMany_NumbersATurnsRepliesInOrderAfterTheVisitorsMessage_AndKeepsOnlyTheLatest()
    {
        await StartAsync("c1");
        await AppendAsync("c1", "visitor", keep: 3);

        var replies = await _history.AppendAsync("c1",
            [n => $"{{\"n\":{n},\"text\":\"r1\"}}", n => $"{{\"n\":{n},\"text\":\"r2\"}}", n => $"{{\"n\":{n},\"text\":\"r3\"}}"],
            Now, Now + Lifetime, keep: 3, default);

        Assert.Equal([1L, 2, 3], replies!.Select(a => a.Sequence));
        var kept = await _history.ReadAsync("c1", null, Now, default);
        Assert.Equal(["{\"n\":1,\"text\":\"r1\"}", "{\"n\":2,\"text\":\"r2\"}", "{\"n\":3,\"text\":\"r3\"}"], kept!.Select(a => a.Json));
    }

    [Fact]
    public async Task AppendMany_MoreActivitiesThanOneInsertCarries_AreAllKeptInOrder_UnderTheClientsIdOnlyTheFirst_AndTheCapHoldsExactly()
    {
        await StartAsync("c1");
        var many = WebChatStatements.RowsPerInsert * 2 + 3;
        var renders = Enumerable.Range(0, many).Select(i => (Func<long, string>)(n => $"{{\"n\":{n},\"i\":{i}}}")).ToList();

        var first = await _history.AppendAsync("c1", renders, "client-1", Now, Now + Lifetime, keep: 1000, default);
        // Past the cap in one append, and again: exactly the latest "keep" stay, the newest among them.
        var second = await _history.AppendAsync("c1", renders, "client-2", Now, Now + Lifetime, keep: many + 4, default);

        Assert.Equal(Enumerable.Range(0, many).Select(i => (long)i), first.Added!.Select(a => a.Sequence));
        var kept = (await _history.ReadAsync("c1", null, Now, default))!;
        Assert.Equal(Enumerable.Range(many - 4, many + 4).Select(i => (long)i), kept.Select(a => a.Sequence));
        Assert.Equal(Enumerable.Range(many - 4, many + 4).Select(n => $"{{\"n\":{n},\"i\":{n % many}}}"), kept.Select(a => a.Json));
        var clients = await _store.Db(db => db.WebChatActivities.Where(a => a.ConversationId == "c1" && a.ClientActivityId != null)
            .Select(a => new { a.Sequence, a.ClientActivityId }).ToListAsync());
        Assert.Equal((long)many, Assert.Single(clients).Sequence);
        Assert.Equal("client-2", clients[0].ClientActivityId);
        Assert.False(second.Repeated);
    }

    [Fact]
    public async Task TheCap_HoldsExactly_TurnAfterTurn_WhateverEachTurnAdds()
    {
        await StartAsync("c1");
        const int keep = 10;
        var next = 0L;
        foreach (var count in new[] { 1, 3, 2, 4, 1, 9, 2, 3, 1, 2 })
        {
            var added = await _history.AppendAsync("c1", Enumerable.Range(0, count).Select(_ => (Func<long, string>)(n => $"{{\"n\":{n}}}")).ToList(),
                Now, Now + Lifetime, keep, default);
            next += count;
            var held = await _store.Db(db => db.WebChatActivities.Where(a => a.ConversationId == "c1").Select(a => a.Sequence).OrderBy(n => n).ToListAsync());
            Assert.Equal(Enumerable.Range(0, (int)next).Select(i => (long)i).TakeLast(keep), held);
            Assert.Equal(count, added!.Count);
        }
    }

    [Fact]
    public async Task ALongChat_NeverHoldsMoreThanItsCap_TheOldestGoingAStepAtATime_AndTheNewestAlwaysKept()
    {
        await StartAsync("c1");
        await StartAsync("c2");
        const int keep = 320;
        var step = WebChatStatements.TrimStep(keep);
        var next = 0L;
        var (trims, pastTheCap) = (0, 0);
        var held = new List<long>();
        for (var turn = 0; turn < 200; turn++)
        {
            // A turn adds 1 to 4 activities (a message, its replies); another chat writes in between.
            var count = 1 + turn % 4;
            await _history.AppendAsync("c1", Enumerable.Range(0, count).Select(_ => (Func<long, string>)(n => $"{{\"n\":{n}}}")).ToList(),
                Now, Now + Lifetime, keep, default);
            await AppendAsync("c2", "other", keep: keep);
            next += count;
            var before = held;
            held = await _store.Db(db => db.WebChatActivities.Where(a => a.ConversationId == "c1").Select(a => a.Sequence).OrderBy(n => n).ToListAsync());
            Assert.InRange(held.Count, Math.Min(next, keep - step + 1), keep);
            // Always the newest, with no gap.
            Assert.Equal(Enumerable.Range(0, (int)next).Select(i => (long)i).TakeLast(held.Count), held);
            if (before.Count > 0 && held[0] != before[0]) trims++;
            if (next > keep) pastTheCap++;
        }

        Assert.Equal(10, step);
        Assert.True(next > keep + 10 * step);
        // The oldest went a step at a time, not on every turn past the cap.
        Assert.InRange(trims, 10, (next - keep) / step + 1);
        Assert.True(trims < pastTheCap / 2);
        Assert.Equal(200, (await _history.ReadAsync("c2", null, Now, default))!.Count);
    }

    [Fact]
    public async Task ALongChat_WhoseTrimRunsOnlyWhenDue_HoldsAfterEveryTurnExactlyWhatTrimmingEveryTurnHeld()
    {
        await StartAsync("c1");
        const int keep = 96;
        var step = WebChatStatements.TrimStep(keep);
        var next = 0L;
        var due = 0;
        // Turns of one activity (most of a chat past its cap: no trim due), and turns larger than a step
        // (one crossing a step boundary, or two at once).
        foreach (var count in new[] { 40, 50, 5, 1, 1, 1, 7, 1, 2, 13, 1, 1, 1, 1, 1, 1, 4, 30, 1, 2, 2, 2, 3, 1, 1 })
        {
            var first = next;
            await _history.AppendAsync("c1", Enumerable.Range(0, count).Select(_ => (Func<long, string>)(n => $"{{\"n\":{n}}}")).ToList(),
                Now, Now + Lifetime, keep, default);
            next += count;
            if (WebChatStatements.TrimDue(first, next - 1, keep)) due++;
            var held = await _store.Db(db => db.WebChatActivities.Where(a => a.ConversationId == "c1").Select(a => a.Sequence).OrderBy(n => n).ToListAsync());
            // What a trim on every turn past the cap leaves: everything after the last step's number.
            var from = next - 1 >= keep ? WebChatStatements.TrimThrough(next - 1, keep) + 1 : 0;
            Assert.Equal(Enumerable.Range((int)from, (int)(next - from)).Select(i => (long)i), held);
            Assert.True(held.Count <= keep);
        }

        Assert.Equal(3, step);
        // Past the cap, most turns here had no trim due.
        Assert.InRange(due, 5, 12);
    }

    [Fact]
    public void TheTrim_IsDueExactlyWhenTrimmingEveryTurnWouldDeleteSomething()
    {
        foreach (var keep in new[] { 1, 2, 10, 63, 64, 96, 320, 1000 })
        {
            var deletedThrough = -1L;
            var last = -1L;
            for (var turn = 0; turn < 3 * keep + 200; turn++)
            {
                var first = last + 1;
                last = first + turn % 7 % 5;
                var wouldDelete = last >= keep && WebChatStatements.TrimThrough(last, keep) > deletedThrough;
                Assert.Equal(wouldDelete, WebChatStatements.TrimDue(first, last, keep));
                if (last >= keep) deletedThrough = Math.Max(deletedThrough, WebChatStatements.TrimThrough(last, keep));
                Assert.InRange(last - deletedThrough, Math.Min(last + 1, keep - WebChatStatements.TrimStep(keep) + 1), keep);
            }
        }
    }

    [Fact]
    public async Task KeptStatements_NeverCarryOneVisitorsValuesIntoAnothersRows()
    {
        await StartAsync("c1", "u1");
        await StartAsync("c2", "u2");

        // The same kept statements, one conversation after the other: a value left in a kept
        // parameter (the client's id, the conversation, a number) would show in the next row.
        var a = await AppendVisitorAsync("c1", "client-1", "four");
        var b = await _history.AppendAsync("c2", [n => $"{{\"n\":{n},\"text\":\"hi\"}}", n => $"{{\"n\":{n},\"text\":\"reply\"}}"], Now, Now + Lifetime, keep: 1000, default);
        var c = await AppendVisitorAsync("c2", "client-1", "yes");
        var d = await AppendVisitorAsync("c1", "client-3", "no");

        Assert.Equal((false, false, false), (a.Repeated, c.Repeated, d.Repeated));
        var rows = await _store.Db(db => db.WebChatActivities.OrderBy(r => r.ConversationId).ThenBy(r => r.Sequence)
            .Select(r => new { r.ConversationId, r.Sequence, r.ClientActivityId, r.Json }).ToListAsync());
        Assert.Equal(
            [("c1", 0L, "client-1", "four"), ("c1", 1L, null, "reply"), ("c1", 2L, "client-3", "no"), ("c1", 3L, null, "reply"),
             ("c2", 0L, null, "hi"), ("c2", 1L, null, "reply"), ("c2", 2L, "client-1", "yes"), ("c2", 3L, null, "reply")],
            rows.Select(r => (r.ConversationId, r.Sequence, r.ClientActivityId, (string?)JsonDocumentText(r.Json))).ToList());
        Assert.All(rows, r => Assert.Contains($"\"n\":{r.Sequence},", r.Json));
        Assert.Equal("u2", (await _history.FindJoinedAsync("c2", Now, default))!.Value.Conversation.UserId);
        Assert.Equal("u1", (await _history.FindJoinedAsync("c1", Now, default))!.Value.Conversation.UserId);
    }

    private static string? JsonDocumentText(string json) =>
        System.Text.Json.JsonDocument.Parse(json).RootElement.GetProperty("text").GetString();

    [Fact]
    public async Task AppendMany_WritesNothing_WhenTheConversationHasExpired()
    {
        await StartAsync("c1");
        _store.Time.Advance(Lifetime + TimeSpan.FromMinutes(1));

        var replies = await _history.AppendAsync("c1", [n => "{}", n => "{}"], Now, Now + Lifetime, keep: 10, default);

        Assert.Null(replies);
        Assert.Equal(0, await _store.Db(db => db.WebChatActivities.CountAsync()));
    }

    [Fact]
    public async Task Start_IsNewOnlyTheFirstTime_AndKeepsTheFirstUser()
    {
        var first = await StartAsync("c1", "alice");
        var again = await StartAsync("c1", "bob");

        Assert.True(first.IsNew);
        Assert.False(again.IsNew);
        Assert.Equal("alice", again.Conversation.UserId);
    }

    [Fact]
    public async Task Append_NumbersActivitiesFromZero_AndReadGivesThoseAfterTheWatermark()
    {
        await StartAsync("c1");
        foreach (var text in new[] { "a", "b", "c" }) await AppendAsync("c1", text);

        var all = await _history.ReadAsync("c1", null, Now, default);
        var after0 = await _history.ReadAsync("c1", 0, Now, default);

        Assert.Equal([0L, 1, 2], all!.Select(a => a.Sequence));
        Assert.Equal("{\"n\":1,\"text\":\"b\"}", after0![0].Json);
        Assert.Equal(2, after0.Count);
    }

    [Fact]
    public async Task Read_IsEmptyNotGone_WhenNothingIsNew_AndGivesAtMostMaxReadAtOnce()
    {
        await StartAsync("c1");
        Assert.Empty((await _history.ReadAsync("c1", null, Now, default))!);

        var many = Enumerable.Range(0, WebChatHistory.MaxRead + 1).Select(_ => (Func<long, string>)(n => $"{{\"n\":{n}}}")).ToList();
        await _history.AppendAsync("c1", many, Now, Now + Lifetime, keep: 1000, default);

        var first = await _history.ReadAsync("c1", null, Now, default);
        Assert.Equal(Enumerable.Range(0, WebChatHistory.MaxRead).Select(i => (long)i), first!.Select(a => a.Sequence));
        Assert.Equal([(long)WebChatHistory.MaxRead], (await _history.ReadAsync("c1", first![^1].Sequence, Now, default))!.Select(a => a.Sequence));
        Assert.Empty((await _history.ReadAsync("c1", WebChatHistory.MaxRead, Now, default))!);
    }

    [Fact]
    public async Task Find_GivesTheConversationAsStarted_UntilItExpires()
    {
        var started = Now;
        await _history.StartAsync("c1", "alice", "Alice", started, started + Lifetime, default);

        var found = await _history.FindAsync("c1", Now, default);

        Assert.Equal(("c1", "alice", "Alice", started, started + Lifetime), (found!.Id, found.UserId, found.UserName, found.StartedAt, found.ExpiresAt));
        Assert.Null(await _history.FindAsync("c1", started + Lifetime, default));
        Assert.Null(await _history.FindAsync("other", Now, default));
    }

    [Fact]
    public async Task AppendsFromManyWritersAtOnce_GetEveryNumberOnce_WithNoGap()
    {
        await StartAsync("c1");

        await Task.WhenAll(Enumerable.Range(0, 20).Select(i => Task.Run(() => AppendAsync("c1", "m" + i))));

        var all = await _history.ReadAsync("c1", null, Now, default);
        Assert.Equal(Enumerable.Range(0, 20).Select(i => (long)i), all!.Select(a => a.Sequence));
        Assert.Equal(20, all!.Select(a => a.Json).Distinct().Count());
        Assert.Equal(new Dictionary<string, long> { ["c1"] = 19 }, await _history.LatestAsync(["c1", "missing"], Now, default));
    }

    [Fact]
    public async Task AConversationPastItsExpiry_IsGone_AndHousekeepingDeletesItWithItsActivities()
    {
        await StartAsync("old");
        await AppendAsync("old", "hello");
        _store.Time.Advance(TimeSpan.FromMinutes(30));
        await StartAsync("recent");
        _store.Time.Advance(TimeSpan.FromMinutes(31));

        Assert.Null(await _history.FindAsync("old", Now, default));
        Assert.Null(await AppendAsync("old", "late"));
        Assert.Null(await _history.ReadAsync("old", null, Now, default));
        Assert.False(await _history.AddMemberAsync("old", "alice", Now, default));
        Assert.Equal(1, await _history.DeleteExpiredAsync(Now, default));
        Assert.Equal(0, await _store.Db(db => db.WebChatActivities.CountAsync()));
        Assert.NotNull(await _history.FindAsync("recent", Now, default));
    }

    [Fact]
    public async Task Append_MovesTheExpiryOn_SoAConversationInUseLasts()
    {
        await StartAsync("c1");
        _store.Time.Advance(TimeSpan.FromMinutes(50));
        await AppendAsync("c1", "still here");
        _store.Time.Advance(TimeSpan.FromMinutes(50));

        Assert.NotNull(await _history.FindAsync("c1", Now, default));
    }

    [Fact]
    public async Task Append_KeepsTheExpiryWithinAHundredthOfTheLifetime_AndMovesItOnOnceItFallsFurtherBehind()
    {
        await StartAsync("c1");
        var started = Now;
        _store.Time.Advance(TimeSpan.FromSeconds(30));
        await AppendAsync("c1", "soon after");
        var kept = (await _history.FindAsync("c1", Now, default))!.ExpiresAt;
        _store.Time.Advance(TimeSpan.FromSeconds(40));
        await AppendAsync("c1", "later");
        var moved = (await _history.FindAsync("c1", Now, default))!.ExpiresAt;

        // Within 36 s (a hundredth of the hour) of what the message would set: left as it was.
        Assert.Equal(started + Lifetime, kept);
        // 70 s behind: moved on to a full lifetime from this message.
        Assert.Equal(Now + Lifetime, moved);
        Assert.Equal([0L, 1], (await _history.ReadAsync("c1", null, Now, default))!.Select(a => a.Sequence));
        // A conversation is never past its expiry while in use: nothing kept is more than a hundredth short of it.
        _store.Time.Advance(Lifetime - TimeSpan.FromSeconds(1));
        Assert.NotNull(await _history.FindAsync("c1", Now, default));
    }

    [Fact]
    public async Task StartingAnExpiredId_StartsAfresh_WithoutItsOldActivities()
    {
        await StartAsync("c1");
        await AppendAsync("c1", "old");
        _store.Time.Advance(Lifetime);

        var again = await StartAsync("c1");

        Assert.True(again.IsNew);
        Assert.Empty((await _history.ReadAsync("c1", null, Now, default))!);
    }

    [Fact]
    public async Task StartingAnExpiredIdWithAUser_StartsAfreshAndJoinsThem_WhileStartingALiveIdAgainKeepsItAsItWas()
    {
        await _history.StartAsync("c1", "alice", null, Now, Now + Lifetime, default);
        await AppendAsync("c1", "old");
        _store.Time.Advance(Lifetime / 2);
        await StartAsync("c2");
        await AppendAsync("c2", "kept");
        _store.Time.Advance(Lifetime / 2);

        // c1 has expired: the id is taken by it, so it is replaced (its history gone) and the new user joins.
        var (again, isNew, joined) = await _history.StartAsync("c1", "bob", null, Now, Now + Lifetime, default);
        // c2 is live: a second start (a page reload) finds it, its history kept.
        var (reloaded, reloadIsNew, reloadJoined) = await _history.StartAsync("c2", "carol", null, Now, Now + Lifetime, default);

        Assert.True(isNew);
        Assert.True(joined);
        Assert.Equal("bob", again!.UserId);
        Assert.Empty((await _history.ReadAsync("c1", null, Now, default))!);
        Assert.Equal(("bob", true), await _history.FindJoinedAsync("c1", Now, default) is { } found ? (found.Conversation.UserId, found.UserJoined) : default);
        Assert.False(reloadIsNew);
        Assert.False(reloadJoined);
        Assert.Null(reloaded!.UserId);
        Assert.Single((await _history.ReadAsync("c2", null, Now, default))!);
        Assert.Equal(2, await _store.Db(db => db.WebChatConversations.CountAsync()));
    }

    [Fact]
    public async Task AddMember_IsTrueOnlyOnce_EvenWhenTwoNodesAskAtOnce()
    {
        await StartAsync("c1");

        var answers = await Task.WhenAll(Enumerable.Range(0, 6).Select(_ => Task.Run(() => _history.AddMemberAsync("c1", "alice", Now, default))));

        Assert.Equal(1, answers.Count(a => a));
        Assert.True(await _history.AddMemberAsync("c1", "bob", Now, default));
    }

    [Fact]
    public async Task StartingTheSameIdAtOnce_MakesOneConversation()
    {
        var starts = await Task.WhenAll(Enumerable.Range(0, 6).Select(_ => Task.Run(() => StartAsync("c1"))));

        Assert.Equal(1, starts.Count(s => s.IsNew));
        Assert.Equal(1, await _store.Db(db => db.WebChatConversations.CountAsync()));
    }

    [Fact]
    public async Task StartingWithAUser_JoinsThemInTheSameWrite_SoAskingToAddThemAfterIsFalse()
    {
        var (_, isNew, joined) = await _history.StartAsync("c1", "alice", null, Now, Now + Lifetime, default);
        var (_, _, nobodyJoined) = await _history.StartAsync("c2", null, null, Now, Now + Lifetime, default);

        Assert.Equal((true, true, false), (isNew, joined, nobodyJoined));
        Assert.False(await _history.AddMemberAsync("c1", "alice", Now, default));
        Assert.True((await _history.FindJoinedAsync("c1", Now, default))!.Value.UserJoined);
        Assert.False((await _history.FindJoinedAsync("c2", Now, default))!.Value.UserJoined);
        // The conversation's row says its user joined: no member row is written for them.
        Assert.Equal(0, await _store.Db(db => db.WebChatMembers.CountAsync()));
    }

    [Fact]
    public async Task AChatStartedBeforeTheUpgrade_WithAMemberRowForItsUser_StillHasThemJoined_AndAGuestJoinsOnce()
    {
        // As an earlier version left it: the conversation with its user, and a member row for them.
        await _history.StartAsync("old", "alice", null, Now, Now + Lifetime, default);
        await _store.Db(async db =>
        {
            db.WebChatMembers.Add(new WebChatMember { ConversationId = "old", MemberId = "alice" });
            return await db.SaveChangesAsync();
        });
        // Started with no user named: whoever posts first joins then, once.
        await _history.StartAsync("open", null, null, Now, Now + Lifetime, default);

        Assert.True((await _history.FindJoinedAsync("old", Now, default))!.Value.UserJoined);
        Assert.False(await _history.AddMemberAsync("old", "alice", Now, default));
        Assert.True(await _history.AddMemberAsync("old", "guest", Now, default));
        Assert.False(await _history.AddMemberAsync("old", "guest", Now, default));
        Assert.False((await _history.FindJoinedAsync("open", Now, default))!.Value.UserJoined);
        Assert.True(await _history.AddMemberAsync("open", "bob", Now, default));
        Assert.False(await _history.AddMemberAsync("open", "bob", Now, default));
        // Nobody joins a conversation that has ended.
        _store.Time.Advance(Lifetime);
        Assert.False(await _history.AddMemberAsync("old", "carol", Now, default));
    }

    [Fact]
    public async Task FortyStartsAndFortyJoinsAtOnce_EachSucceedsOnce()
    {
        var starts = await Task.WhenAll(Enumerable.Range(0, 40).Select(i => Task.Run(() =>
            _history.StartAsync("c" + i, "visitor" + i, null, Now, Now + Lifetime, default))));
        var sameId = await Task.WhenAll(Enumerable.Range(0, 40).Select(_ => Task.Run(() =>
            _history.StartAsync("shared", "alice", null, Now, Now + Lifetime, default))));
        var joins = await Task.WhenAll(Enumerable.Range(0, 40).Select(i => Task.Run(() =>
            _history.AddMemberAsync("c" + (i % 20), "guest" + (i % 20), Now, default))));

        Assert.All(starts, s => Assert.True(s.IsNew && s.UserJoined));
        Assert.Equal((1, 1), (sameId.Count(s => s.IsNew), sameId.Count(s => s.UserJoined)));
        Assert.Equal(20, joins.Count(j => j));
        Assert.Equal(41, await _store.Db(db => db.WebChatConversations.CountAsync()));
        // Rows only for the guests: the users the conversations were started with are joined by the conversations' rows.
        Assert.Equal(20, await _store.Db(db => db.WebChatMembers.CountAsync()));
    }

    private Task<(IReadOnlyList<WebChatActivity>? Added, bool Repeated)> AppendVisitorAsync(string id, string clientId, string text) =>
        _history.AppendAsync(id, [n => $"{{\"n\":{n},\"text\":\"{text}\"}}", n => $"{{\"n\":{n},\"text\":\"reply\"}}"], clientId, Now, Now + Lifetime, keep: 1000, default);

    [Fact]
    public async Task AVisitorsActivityAppendedAgainUnderTheSameClientId_IsRepeated_AndNothingIsAdded()
    {
        await StartAsync("c1");
        await StartAsync("c2");

        var first = await AppendVisitorAsync("c1", "client-1", "four");
        var again = await AppendVisitorAsync("c1", "client-1", "four");
        var otherId = await AppendVisitorAsync("c1", "client-2", "yes");
        var otherChat = await AppendVisitorAsync("c2", "client-1", "four");

        Assert.Equal((false, true, false, false), (first.Repeated, again.Repeated, otherId.Repeated, otherChat.Repeated));
        Assert.Equal([0L, 1], first.Added!.Select(a => a.Sequence));
        // The numbers the refused write took were given back with it: the next activity is number 2.
        Assert.Equal([0L, 1, 2, 3], (await _history.ReadAsync("c1", null, Now, default))!.Select(a => a.Sequence));
        Assert.Equal(["client-1", null, "client-2", null], await _store.Db(db => db.WebChatActivities.Where(a => a.ConversationId == "c1")
            .OrderBy(a => a.Sequence).Select(a => a.ClientActivityId).ToListAsync()));
    }

    [Fact]
    public async Task AVisitorsActivityAppendedManyTimesAtOnce_IsKeptOnce()
    {
        await StartAsync("c1");

        var appends = await Task.WhenAll(Enumerable.Range(0, 6).Select(_ => Task.Run(() => AppendVisitorAsync("c1", "client-1", "four"))));

        Assert.Equal(1, appends.Count(a => !a.Repeated));
        Assert.Equal(2, (await _history.ReadAsync("c1", null, Now, default))!.Count);
    }

    [Fact]
    public async Task AClientIdTooLongForTheStore_IsRefusedBeforeAnythingIsWritten()
    {
        await StartAsync("c1");

        await Assert.ThrowsAsync<StoredValueException>(() => AppendVisitorAsync("c1", new string('x', 129), "four"));

        Assert.Empty((await _history.ReadAsync("c1", null, Now, default))!);
        Assert.False((await AppendVisitorAsync("c1", "client-1", "four")).Repeated);
    }

    public sealed class OnSqlite() : WebChatHistoryTests(SqliteBackend.Instance);

    [Collection(PostgresCollection.Name)]
    public sealed class OnPostgres(PostgresServer server) : WebChatHistoryTests(server.DatabaseFor<OnPostgres>());
}
