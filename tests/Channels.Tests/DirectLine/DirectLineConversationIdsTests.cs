using System.Buffers.Binary;
using CoProduction.Channels.DirectLine;

namespace CoProduction.Channels.Tests.DirectLine;

public class DirectLineConversationIdsTests
{
    // A whole number of 4,096 ms from 1970, so the next three seconds share the id's first 36 bits.
    private static readonly DateTimeOffset Start = DateTimeOffset.FromUnixTimeMilliseconds(1_765_000_000_000 / 4096 * 4096);

    [Fact]
    public void IdsStartedAtTheSameMoment_AreAllDifferent_AndEachIsAWellFormedBase64UrlIdOf22Characters()
    {
        var ids = Enumerable.Range(0, 20_000).Select(_ => DirectLineConversationIds.New(Start)).ToList();

        Assert.Equal(ids.Count, ids.Distinct(StringComparer.Ordinal).Count());
        Assert.All(ids, id =>
        {
            Assert.Equal(22, id.Length);
            Assert.True(DirectLineConversationIds.IsWellFormed(id));
            Assert.All(id, c => Assert.True(char.IsAsciiLetterOrDigit(c) || c is '-' or '_'));
        });
        // 80 of the 128 bits are random: among 20,000 ids from one millisecond, their last 13 characters differ too.
        Assert.Equal(ids.Count, ids.Select(id => id[^13..]).Distinct(StringComparer.Ordinal).Count());
    }

    [Fact]
    public void AnIdBeginsWithItsStartTime_SoChatsStartedSecondsApartShareTheStartOfTheirIds_AndChatsStartedDaysApartDoNot()
    {
        var first = DirectLineConversationIds.New(Start);
        var later = DirectLineConversationIds.New(Start.AddSeconds(3));
        var nextDay = DirectLineConversationIds.New(Start.AddDays(1));

        Assert.Equal(Start.ToUnixTimeMilliseconds(), StartTimeOf(first));
        Assert.Equal(Start.AddSeconds(3).ToUnixTimeMilliseconds(), StartTimeOf(later));
        Assert.Equal(first[..6], later[..6]);
        Assert.NotEqual(first[..6], nextDay[..6]);
        Assert.True(StartTimeOf(DirectLineConversationIds.New()) >= DateTimeOffset.UtcNow.AddMinutes(-1).ToUnixTimeMilliseconds());
    }

    private static long StartTimeOf(string id)
    {
        Span<byte> bits = stackalloc byte[16];
        Assert.Equal(16, System.Buffers.Text.Base64Url.DecodeFromChars(id, bits));
        Span<byte> time = stackalloc byte[8];
        bits[..6].CopyTo(time[2..]);
        return BinaryPrimitives.ReadInt64BigEndian(time);
    }
}
