using System.Collections.Concurrent;
using CoProduction.Surveys.Engine;
using Microsoft.Extensions.Time.Testing;

namespace CoProduction.Surveys.Tests.Engine;

/// <summary>
/// The service's session ids: never the same twice, even when many sessions start at once, and
/// in the order they were made as the stores sort them (SQLite compares the stored text,
/// PostgreSQL the uuid's bytes; both follow the text), so that the sessions answering now are
/// neighbours in the indexes keyed by session id.
/// </summary>
public sealed class RandomIdsFacts
{
    [Fact]
    public void ManyIdsMadeAtOnce_InTheSameMillisecond_AreAllDistinct()
    {
        var ids = new RandomIds(new FakeTimeProvider(new DateTimeOffset(2026, 12, 2, 21, 0, 0, TimeSpan.Zero)));
        var made = new ConcurrentBag<Guid>();

        Parallel.For(0, 8, _ =>
        {
            for (var i = 0; i < 25_000; i++) made.Add(ids.NewId());
        });

        Assert.Equal(200_000, made.Distinct().Count());
    }

    [Fact]
    public void IdsMadeLater_SortAfterEarlierOnes_AsStoredText()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 12, 2, 21, 0, 0, TimeSpan.Zero));
        var ids = new RandomIds(clock);
        var made = new List<Guid>();

        for (var i = 0; i < 1_000; i++)
        {
            made.Add(ids.NewId());
            clock.Advance(TimeSpan.FromMilliseconds(1));
        }

        var asText = made.Select(id => id.ToString().ToUpperInvariant()).ToList();
        Assert.Equal(asText.Order(StringComparer.Ordinal), asText);
        Assert.Equal(made.Order(), made);
    }

    [Fact]
    public void TwoIdsFromTheSameMillisecond_ShareOnlyTheTime_TheRestIsRandom()
    {
        var ids = new RandomIds(new FakeTimeProvider(new DateTimeOffset(2026, 12, 2, 21, 0, 0, TimeSpan.Zero)));

        var first = ids.NewId().ToString("N");
        var second = ids.NewId().ToString("N");

        Assert.Equal(7, ids.NewId().Version);
        Assert.Equal(first[..12], second[..12]);
        Assert.NotEqual(first[12..], second[12..]);
    }
}
