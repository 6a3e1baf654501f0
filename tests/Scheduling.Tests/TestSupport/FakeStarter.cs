using System.Collections.Concurrent;
using CoProduction.Scheduling.Starting;

namespace CoProduction.Scheduling.Tests.TestSupport;

/// <summary>The host's seam, recording every start with the (fake) time it happened.</summary>
public sealed class FakeStarter(TimeProvider time) : ISurveyStarter
{
    public ConcurrentQueue<(SurveyStart Start, DateTimeOffset At)> Starts { get; } = new();

    /// <summary>Results to give, in order; after that every start is sent.</summary>
    public ConcurrentQueue<StartResult> Script { get; } = new();

    /// <summary>Runs just before the start is recorded: a STOP can arrive "while sending".</summary>
    public Func<SurveyStart, Task>? Before { get; set; }

    public async Task<StartResult> StartAsync(SurveyStart start, CancellationToken cancellationToken)
    {
        if (Before is not null) await Before(start);
        Starts.Enqueue((start, time.GetUtcNow()));
        return Script.TryDequeue(out var scripted) ? scripted : StartResult.Sent("SM" + Guid.NewGuid().ToString("N"));
    }
}
