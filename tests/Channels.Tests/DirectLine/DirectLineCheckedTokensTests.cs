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
}
