using CoProduction.Channels.DirectLine;
using Microsoft.Extensions.Time.Testing;

namespace CoProduction.Channels.Tests.DirectLine;

public class DirectLineCheckedTokensTests
{
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2025, 3, 1, 9, 0, 0, TimeSpan.Zero));
    private readonly DirectLineOptions _options = new() { Secret = "a-long-enough-secret-123" };

    private (DirectLineTokens Tokens, DirectLineCheckedTokens Checked) Create()
    {
        var monitor = new DirectLineTokensTests.StaticMonitor(_options);
        var tokens = new DirectLineTokens(monitor, _time);
        return (tokens, new DirectLineCheckedTokens(tokens, monitor, _time));
    }

    [Fact]
    public void Check_GivesTheSameClaims_TheFirstTimeAndWhenKept()
    {
        var (tokens, kept) = Create();
        var token = tokens.Issue("conv1", "dl_sam");

        var first = kept.Check(token, DirectLineTokens.ConversationPurpose);
        var again = kept.Check(token, DirectLineTokens.ConversationPurpose);

        Assert.True(first.IsValid);
        Assert.True(again.IsValid);
        Assert.Equal(tokens.Check(token, DirectLineTokens.ConversationPurpose).Claims, again.Claims);
        Assert.True(kept.TryKept(token, DirectLineTokens.ConversationPurpose, out _));
    }

    [Fact]
    public void Check_ReturnsExpired_ForAKeptToken_OnceItsLifetimeHasPassed()
    {
        var (tokens, kept) = Create();
        var token = tokens.Issue("conv1", null);
        Assert.True(kept.Check(token, DirectLineTokens.ConversationPurpose).IsValid);

        _time.Advance(TimeSpan.FromMinutes(30) - TimeSpan.FromSeconds(1));
        Assert.True(kept.Check(token, DirectLineTokens.ConversationPurpose).IsValid);
        _time.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(DirectLineTokenStatus.Expired, kept.Check(token, DirectLineTokens.ConversationPurpose).Status);
        Assert.Equal(DirectLineTokenStatus.Expired, kept.Check(token, DirectLineTokens.ConversationPurpose).Status);
    }

    [Fact]
    public void Check_KeepsStreamAndConversationTokensApart_WhenKept()
    {
        var (tokens, kept) = Create();
        var conversation = tokens.Issue("conv1", null);
        var stream = tokens.IssueStream("conv1", null);
        Assert.True(kept.Check(conversation, DirectLineTokens.ConversationPurpose).IsValid);
        Assert.True(kept.Check(stream, DirectLineTokens.StreamPurpose).IsValid);

        Assert.Equal(DirectLineTokenStatus.Invalid, kept.Check(conversation, DirectLineTokens.StreamPurpose).Status);
        Assert.Equal(DirectLineTokenStatus.Invalid, kept.Check(stream, DirectLineTokens.ConversationPurpose).Status);
    }

    [Fact]
    public void Check_RefusesAKeptToken_OnceTheSecretHasChanged()
    {
        var (tokens, kept) = Create();
        var token = tokens.Issue("conv1", null);
        Assert.True(kept.Check(token, DirectLineTokens.ConversationPurpose).IsValid);

        _options.Secret = "another-secret-entirely-456";

        Assert.False(kept.TryKept(token, DirectLineTokens.ConversationPurpose, out _));
        Assert.Equal(DirectLineTokenStatus.Invalid, kept.Check(token, DirectLineTokens.ConversationPurpose).Status);
    }

    [Theory]
    [InlineData("")]
    [InlineData("abc")]
    [InlineData("a.b.c")]
    [InlineData("eyJhbGciOiJub25lIn0.e30.")]
    public void Check_ReturnsInvalid_ForGarbage_AndKeepsNothing(string token)
    {
        var (_, kept) = Create();

        Assert.Equal(DirectLineTokenStatus.Invalid, kept.Check(token, DirectLineTokens.ConversationPurpose).Status);
        Assert.False(token.Length > 0 && kept.TryKept(token, DirectLineTokens.ConversationPurpose, out _));
    }

    [Fact]
    public void Check_KeepsNothing_ForATamperedToken_EvenAfterTheRealOneWasKept()
    {
        var (tokens, kept) = Create();
        var parts = tokens.Issue("conv1", null).Split('.');
        Assert.True(kept.Check(string.Join('.', parts), DirectLineTokens.ConversationPurpose).IsValid);
        var otherPayload = tokens.Issue("conv2", null).Split('.')[1];

        Assert.Equal(DirectLineTokenStatus.Invalid, kept.Check($"{parts[0]}.{otherPayload}.{parts[2]}", DirectLineTokens.ConversationPurpose).Status);
    }
    [Fact]
    public void ATokenIssuedHere_IsKeptAsChecked_WithTheClaimsACheckFinds_ForItsOwnPurposeOnly()
    {
        var (tokens, kept) = Create();
        var conversation = kept.Issue("conv1", "dl_sam");
        var stream = kept.IssueStream("conv1", "dl_sam");

        // Kept before their first use: no check needed, and what is kept is what a check reads.
        Assert.True(kept.TryKept(conversation, DirectLineTokens.ConversationPurpose, out var c));
        Assert.True(kept.TryKept(stream, DirectLineTokens.StreamPurpose, out var s));
        Assert.Equal(tokens.Check(conversation, DirectLineTokens.ConversationPurpose), c);
        Assert.Equal(tokens.Check(stream, DirectLineTokens.StreamPurpose), s);
        Assert.Equal(new DirectLineTokenClaims("conv1", "dl_sam", _time.GetUtcNow().AddMinutes(30), DirectLineTokens.ConversationPurpose), c.Claims);

        // A stream token stays refused as a Bearer token, and a conversation token cannot open a stream.
        Assert.Equal(DirectLineTokenStatus.Invalid, kept.Check(stream, DirectLineTokens.ConversationPurpose).Status);
        Assert.Equal(DirectLineTokenStatus.Invalid, kept.Check(conversation, DirectLineTokens.StreamPurpose).Status);
    }

    [Fact]
    public void ATokenIssuedHere_StillExpires_AndGoesWithTheSecret()
    {
        var (_, kept) = Create();
        var stream = kept.IssueStream("conv1", null);
        var conversation = kept.Issue("conv1", null);

        _time.Advance(DirectLineTokens.StreamTokenLifetime);
        Assert.Equal(DirectLineTokenStatus.Expired, kept.Check(stream, DirectLineTokens.StreamPurpose).Status);
        Assert.True(kept.Check(conversation, DirectLineTokens.ConversationPurpose).IsValid);

        _options.Secret = "another-secret-entirely-456";
        Assert.False(kept.TryKept(conversation, DirectLineTokens.ConversationPurpose, out _));
        Assert.Equal(DirectLineTokenStatus.Invalid, kept.Check(conversation, DirectLineTokens.ConversationPurpose).Status);
    }

    [Fact]
    public void WhenFull_TheExpiredGoFirst_AndTheLiveOnesStayKept()
    {
        var (_, kept) = Create();
        var live = Enumerable.Range(0, 10).Select(i => kept.Issue($"conv{i}", null)).ToList();
        for (var i = 0; i < DirectLineCheckedTokens.MaxKept - live.Count; i++) kept.IssueStream($"s{i}", null);

        // Every stream token has expired (two minutes), the conversation tokens have not (thirty).
        _time.Advance(DirectLineTokens.StreamTokenLifetime);
        var next = kept.Issue("conv-next", null);

        Assert.All(live, token => Assert.True(kept.TryKept(token, DirectLineTokens.ConversationPurpose, out var check) && check.IsValid));
        Assert.True(kept.TryKept(next, DirectLineTokens.ConversationPurpose, out _));
    }

    [Fact]
    public void AStreamToken_IsKeptFromItsIssueToItsFirstUse_ThenCheckedInFull_AndStillOpensItsStream()
    {
        var (_, kept) = Create();
        var stream = kept.IssueStream("conv1", "dl_sam");

        Assert.True(kept.Check(stream, DirectLineTokens.StreamPurpose).IsValid);   // the stream opens: kept, no check
        Assert.False(kept.TryKept(stream, DirectLineTokens.StreamPurpose, out _));   // and then forgotten
        var again = kept.Check(stream, DirectLineTokens.StreamPurpose);              // a second use: checked in full
        Assert.True(again.IsValid);
        Assert.Equal("conv1", again.Claims!.ConversationId);
        Assert.False(kept.TryKept(stream, DirectLineTokens.StreamPurpose, out _));
        Assert.Equal(0, kept.Count);
    }

    [Fact]
    public void ManyVisitors_NeverMakeTheKeptTokensPassTheirBound_AndTheNewestIsKept()
    {
        var (_, kept) = Create();
        string last = "";
        for (var i = 0; i < 3 * DirectLineCheckedTokens.MaxKept; i++)
        {
            // None expires: each is a new visitor's conversation token, used at once.
            last = kept.Issue($"conv{i}", $"dl_{i}");
            Assert.True(kept.Check(last, DirectLineTokens.ConversationPurpose).IsValid);
            Assert.InRange(kept.Count, 1, DirectLineCheckedTokens.MaxKept);
        }

        Assert.True(kept.TryKept(last, DirectLineTokens.ConversationPurpose, out var check) && check.IsValid);
    }

    [Fact]
    public void ManyVisitorsAtOnce_NeverMakeTheKeptTokensPassTheirBound_AndEachOnesNewestTokenChecks()
    {
        var (_, kept) = Create();
        const int Threads = 8;
        var newest = new string[Threads];
        Parallel.For(0, Threads, new ParallelOptions { MaxDegreeOfParallelism = Threads }, thread =>
        {
            for (var i = 0; i < DirectLineCheckedTokens.MaxKept; i++)
            {
                // Each a new visitor: a conversation token, a stream token used at once, the conversation token used.
                var token = kept.Issue($"conv{thread}-{i}", $"dl_{thread}_{i}");
                Assert.True(kept.Check(kept.IssueStream($"conv{thread}-{i}", $"dl_{thread}_{i}"), DirectLineTokens.StreamPurpose).IsValid);
                Assert.True(kept.Check(token, DirectLineTokens.ConversationPurpose).IsValid);
                newest[thread] = token;
            }
        });

        // The table counts itself; a few tokens kept while it is cleared may be counted or not, never many.
        Assert.InRange(kept.Count, 1, DirectLineCheckedTokens.MaxKept + Threads);
        Assert.All(newest, token => Assert.True(kept.Check(token, DirectLineTokens.ConversationPurpose).IsValid));
    }
}
