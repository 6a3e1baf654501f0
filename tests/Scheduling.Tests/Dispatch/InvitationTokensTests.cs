using CoProduction.Scheduling.Dispatch;

namespace CoProduction.Scheduling.Tests.Dispatch;

public sealed class InvitationTokensTests
{
    private static readonly DateTimeOffset At = new(2026, 12, 2, 1, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Batch_MakesUniqueTokens_OfTheOldLength_SafeInALink()
    {
        var tokens = InvitationTokens.Batch(At, 20_000);

        Assert.Equal(tokens.Length, tokens.Distinct(StringComparer.Ordinal).Count());
        Assert.All(tokens, t =>
        {
            Assert.Equal(24, t.Length);
            Assert.Equal(t, Uri.EscapeDataString(t));
        });
    }

    [Fact]
    public void Batch_TokensShareOnlyTheirStamp_TheRestIsNotPredictableFromOneAnother()
    {
        var tokens = InvitationTokens.Batch(At, 20_000);
        var randomParts = tokens.Select(t => t[InvitationTokens.StampLength..]).ToList();

        Assert.Single(tokens.Select(t => t[..InvitationTokens.StampLength]).Distinct());
        Assert.Equal(tokens.Length, randomParts.Distinct(StringComparer.Ordinal).Count());
        // Every random position takes all 64 characters across the batch, and a token agrees with
        // the one made after it in about one position in 64: no counter, no shared part.
        for (var position = 0; position < InvitationTokens.RandomLength; position++)
        {
            Assert.Equal(64, randomParts.Select(p => p[position]).Distinct().Count());
        }
        var agreeing = randomParts.Zip(randomParts.Skip(1), (a, b) => a.Zip(b).Count(pair => pair.First == pair.Second)).Average();
        Assert.InRange(agreeing, 0, 1.0);
    }

    [Fact]
    public void Tokens_MadeLater_SortAfter_ByteByByte()
    {
        var times = new[] { At, At.AddMilliseconds(1), At.AddSeconds(1), At.AddDays(400), new DateTimeOffset(2100, 1, 1, 0, 0, 0, TimeSpan.Zero) };
        var tokens = times.Select(t => InvitationTokens.New(t)).ToList();

        for (var i = 1; i < tokens.Count; i++)
        {
            Assert.True(string.CompareOrdinal(tokens[i - 1], tokens[i]) < 0, $"{tokens[i - 1]} should sort before {tokens[i]}");
        }
        // The stamp is digits and lower-case letters only, so every collation sorts it the same way.
        Assert.All(tokens, t => Assert.Matches("^[0-9a-z]{8}", t));
    }
}
