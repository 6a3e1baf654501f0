using CoProduction.Channels.DirectLine;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace CoProduction.Channels.Tests.DirectLine;

public class DirectLineTokensTests
{
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2025, 3, 1, 9, 0, 0, TimeSpan.Zero));

    private DirectLineTokens Tokens(string secret = "a-long-enough-secret-123") =>
        new(new StaticMonitor(new DirectLineOptions { Secret = secret }), _time);

    [Fact]
    public void Check_ReturnsTheClaims_OfAnIssuedToken()
    {
        var tokens = Tokens();
        var check = tokens.Check(tokens.Issue("conv1", "dl_sam"), DirectLineTokens.ConversationPurpose);

        Assert.True(check.IsValid);
        Assert.Equal("conv1", check.Claims!.ConversationId);
        Assert.Equal("dl_sam", check.Claims.UserId);
        Assert.Equal(_time.GetUtcNow().AddMinutes(30), check.Claims.Expires);
    }

    [Fact]
    public void Check_ReturnsExpired_OnceTheLifetimeHasPassed()
    {
        var tokens = Tokens();
        var token = tokens.Issue("conv1", null);

        _time.Advance(TimeSpan.FromMinutes(30) - TimeSpan.FromSeconds(1));
        Assert.True(tokens.Check(token, DirectLineTokens.ConversationPurpose).IsValid);
        _time.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(DirectLineTokenStatus.Expired, tokens.Check(token, DirectLineTokens.ConversationPurpose).Status);
    }

    [Fact]
    public void Check_ReturnsInvalid_ForATokenSignedWithAnotherSecret()
    {
        var token = Tokens("another-secret-entirely-456").Issue("conv1", null);

        Assert.Equal(DirectLineTokenStatus.Invalid, Tokens().Check(token, DirectLineTokens.ConversationPurpose).Status);
    }

    [Fact]
    public void Check_ReturnsInvalid_WhenThePayloadIsChanged()
    {
        var tokens = Tokens();
        var parts = tokens.Issue("conv1", null).Split('.');
        var otherPayload = tokens.Issue("conv2", null).Split('.')[1];

        Assert.Equal(DirectLineTokenStatus.Invalid, tokens.Check($"{parts[0]}.{otherPayload}.{parts[2]}", DirectLineTokens.ConversationPurpose).Status);
    }

    [Theory]
    [InlineData("")]
    [InlineData("abc")]
    [InlineData("a.b.c")]
    [InlineData("eyJhbGciOiJub25lIn0.e30.")]
    public void Check_ReturnsInvalid_ForGarbage(string token) =>
        Assert.Equal(DirectLineTokenStatus.Invalid, Tokens().Check(token, DirectLineTokens.ConversationPurpose).Status);

    [Fact]
    public void Check_KeepsStreamAndConversationTokensApart()
    {
        var tokens = Tokens();

        Assert.False(tokens.Check(tokens.IssueStream("conv1", null), DirectLineTokens.ConversationPurpose).IsValid);
        Assert.False(tokens.Check(tokens.Issue("conv1", null), DirectLineTokens.StreamPurpose).IsValid);
    }

    [Fact]
    public void Refresh_GivesTheSameConversationAnotherFullLifetime()
    {
        var tokens = Tokens();
        var first = tokens.Check(tokens.Issue("conv1", "dl_sam"), DirectLineTokens.ConversationPurpose).Claims!;
        _time.Advance(TimeSpan.FromMinutes(20));

        // Refreshed as the refresh endpoint does, through the node's kept tokens; read back in full here.
        var kept = new DirectLineCheckedTokens(tokens, new StaticMonitor(new DirectLineOptions { Secret = "a-long-enough-secret-123" }), _time);
        var refreshed = tokens.Check(kept.Refresh(first), DirectLineTokens.ConversationPurpose).Claims!;

        Assert.Equal(("conv1", "dl_sam"), (refreshed.ConversationId, refreshed.UserId));
        Assert.Equal(first.Expires.AddMinutes(20), refreshed.Expires);
    }

    [Fact]
    public void IsSecret_MatchesOnlyTheConfiguredSecret()
    {
        var tokens = Tokens();

        Assert.True(tokens.IsSecret("a-long-enough-secret-123"));
        Assert.False(tokens.IsSecret("a-long-enough-secret-12"));
        Assert.False(tokens.IsSecret(null));
    }

    internal sealed class StaticMonitor(DirectLineOptions value) : IOptionsMonitor<DirectLineOptions>
    {
        public DirectLineOptions CurrentValue => value;

        public DirectLineOptions Get(string? name) => value;

        public IDisposable? OnChange(Action<DirectLineOptions, string?> listener) => null;
    }
}
