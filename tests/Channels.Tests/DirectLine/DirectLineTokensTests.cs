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

    [Theory]
    [InlineData("dl_sam")]
    [InlineData("dl_\"Siân\" <o'brien> & 🙂 +/=")]
    [InlineData(null)]
    public void AnIssuedToken_IsAJwtWhosePayloadAClientCanRead_AndItsClaimsCheckBack(string? userId)
    {
        var tokens = Tokens();
        var token = tokens.Issue("conv-1_x", userId);

        var parts = token.Split('.');
        Assert.Equal(3, parts.Length);
        Assert.Equal("{\"alg\":\"HS256\",\"typ\":\"JWT\"}", System.Text.Encoding.UTF8.GetString(System.Buffers.Text.Base64Url.DecodeFromChars(parts[0])));
        using var payload = System.Text.Json.JsonDocument.Parse(System.Buffers.Text.Base64Url.DecodeFromChars(parts[1]));
        var claims = payload.RootElement;
        Assert.Equal("conv-1_x", claims.GetProperty("conv").GetString());
        Assert.Equal(userId is not null, claims.TryGetProperty("user", out var user));
        if (userId is not null) Assert.Equal(userId, user.GetString());
        Assert.Equal("conversation", claims.GetProperty("use").GetString());
        Assert.Equal(_time.GetUtcNow().ToUnixTimeSeconds(), claims.GetProperty("iat").GetInt64());
        Assert.Equal(_time.GetUtcNow().AddMinutes(30).ToUnixTimeSeconds(), claims.GetProperty("exp").GetInt64());
        Assert.Equal(12, claims.GetProperty("jti").GetString()!.Length);
        Assert.All(token, c => Assert.True(char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.'));

        var check = tokens.Check(token, DirectLineTokens.ConversationPurpose);
        Assert.True(check.IsValid);
        Assert.Equal("conv-1_x", check.Claims!.ConversationId);
        Assert.Equal(userId, check.Claims.UserId);
        Assert.NotEqual(token, tokens.Issue("conv-1_x", userId));
    }

    [Fact]
    public void ATokenForAVeryLongUserId_ChecksBack_AndTheTokensAfterItAreAsBefore()
    {
        var tokens = Tokens();
        var longUser = "dl_" + new string('é', 140); // escaped in the JSON: a token of over 1,000 characters, under the 2,048 a check reads

        var check = tokens.Check(tokens.IssueStream("conv1", longUser), DirectLineTokens.StreamPurpose);
        var after = tokens.Check(tokens.Issue("conv2", "dl_sam"), DirectLineTokens.ConversationPurpose);

        Assert.True(check.IsValid);
        Assert.Equal(longUser, check.Claims!.UserId);
        Assert.True(after.IsValid);
        Assert.Equal(("conv2", "dl_sam"), (after.Claims!.ConversationId, after.Claims.UserId));
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
