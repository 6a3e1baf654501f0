using CoProduction.Scheduling.Jobs;
using CoProduction.Scheduling.Starting;
using CoProduction.Scheduling.Tests.TestSupport;
using CoProduction.Store.Model;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace CoProduction.Scheduling.Tests.Jobs;

/// <summary>
/// The sending number's rate as Twilio counts it, through the real dispatcher, pace and store with
/// a fake clock, on SQLite and PostgreSQL: no second, [t, t + 1 s), ever holds more messages than
/// the rate, even when hand-overs are slow (the machine pauses between deciding and handing over)
/// and two servers send at once.
/// </summary>
public abstract class InvitationDispatcherRateTests(IStoreBackend backend) : IAsyncLifetime
{
    private const int Rate = 10;
    private Harness _h = null!;
    public async Task InitializeAsync() => _h = await Harness.CreateAsync(configure: o => o.MessagesPerSecond = Rate, backend: backend);
    public async Task DisposeAsync() => await _h.DisposeAsync();

    private async Task InviteAsync(int people)
    {
        await _h.ImportAsync("name,phone,channel,groups\n" + string.Concat(Enumerable.Range(0, people).Select(i => $"P{i},07700 900{i + 200:000},sms,homes\n")));
        Assert.Equal(people, await _h.RoundInvitationsAsync(await _h.RoundAsync()));
    }

    /// <summary>Every start sends two texts; every seventh pauses before they go (a busy machine, a slow network).</summary>
    private void TwoTextsAndSomeSlowHandOvers(int people)
    {
        for (var i = 0; i < people; i++) _h.Starter.Script.Enqueue(StartResult.Sent("SM" + i, messages: 2));
        var count = 0;
        _h.Starter.Before = async _ =>
        {
            if (Interlocked.Increment(ref count) % 7 == 0) await Task.Delay(TimeSpan.FromMilliseconds(250), _h.Time);
        };
    }

    private async Task<DispatchReport[]> RunAsync(int servers)
    {
        var runs = Task.WhenAll(Enumerable.Range(0, servers)
            .Select(_ => Task.Run(() => _h.Run(sp => sp.GetRequiredService<InvitationDispatcher>().RunAsync(default)))));
        while (!runs.IsCompleted)
        {
            await Task.WhenAny(runs, Task.Delay(1));
            if (!runs.IsCompleted) _h.Time.Advance(TimeSpan.FromMilliseconds(7));
        }
        return await runs;
    }

    /// <summary>The most messages in any one second, each start's texts counted when the starter was called.</summary>
    private int MostInOneSecond()
    {
        var went = _h.Starter.Starts.SelectMany(s => Enumerable.Repeat(s.At, 2)).Order().ToList();
        return went.Select((t, i) => went.Skip(i).TakeWhile(u => u - t < TimeSpan.FromSeconds(1)).Count()).Max();
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public async Task NoSecond_HoldsMoreThanTheRate_WhenHandOversAreSlow_OnOneServerOrTwo(int servers)
    {
        const int people = 30;
        await InviteAsync(people);
        TwoTextsAndSomeSlowHandOvers(people);

        var reports = await RunAsync(servers);

        Assert.Equal(people, reports.Sum(r => r.Sent));
        Assert.Equal(people, _h.Starter.Starts.Select(s => s.Start.InvitationId).Distinct().Count());
        var most = MostInOneSecond();
        Assert.True(most <= Rate, $"{most} messages in one second at {Rate} a second");
        Assert.All(await _h.InvitationsAsync(), i => Assert.Equal(InvitationStatus.Sent, i.Status));
    }

    [Fact]
    public async Task TheNextRun_CountsTheLastRunsSends_SoTheSecondBetweenThemHoldsNoMore()
    {
        const int people = 12;
        await InviteAsync(people);
        TwoTextsAndSomeSlowHandOvers(people);
        // The first run's time is up after a second and a half; the next begins at once.
        var settings = _h.Services.GetRequiredService<IOptions<SchedulingOptions>>().Value;
        settings.DispatchTimeBudget = TimeSpan.FromSeconds(1.5);
        await RunAsync(servers: 1);
        Assert.InRange(_h.Starter.Starts.Count, 1, people - 1);
        settings.DispatchTimeBudget = TimeSpan.FromHours(6);

        await RunAsync(servers: 1);

        Assert.Equal(people, _h.Starter.Starts.Count);
        var most = MostInOneSecond();
        Assert.True(most <= Rate, $"{most} messages in one second at {Rate} a second");
    }

    public sealed class OnSqlite() : InvitationDispatcherRateTests(SqliteBackend.Instance);

    [Collection(PostgresCollection.Name)]
    public sealed class OnPostgres(PostgresServer server) : InvitationDispatcherRateTests(server.DatabaseFor<OnPostgres>());
}
