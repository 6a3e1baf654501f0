using System.Diagnostics;
using System.Diagnostics.Metrics;
using CoProduction.Store.Model;
using Microsoft.Extensions.DependencyInjection;

namespace CoProduction.Store.Telemetry;

/// <summary>
/// Every metric and trace the service makes, in one place: the host records turns, the jobs
/// record sends and their own durations. Tags are channels, outcomes and job names only, never
/// a phone number, an answer or an id that leads to a person. Kept in Store because it is the
/// lowest project that both the host and the jobs reference, and the waiting count reads the store.
/// </summary>
public sealed class CoProductionTelemetry
{
    /// <summary>The meter's and the activity source's name: what an exporter subscribes to.</summary>
    public const string Name = "CoProduction";

    /// <summary>Static, as .NET recommends for an ActivitySource: spans cost nothing until a listener subscribes.</summary>
    public static readonly ActivitySource Traces = new(Name);

    private readonly Counter<long> _turns;
    private readonly Counter<long> _answers;
    private readonly Counter<long> _sends;
    private readonly Counter<long> _failures;
    private readonly Histogram<double> _turnDuration;
    private readonly Histogram<double> _jobDuration;

    public CoProductionTelemetry(IMeterFactory meters, IServiceScopeFactory scopes)
    {
        var meter = meters.Create(Name);
        _turns = meter.CreateCounter<long>("coproduction.turns", "{turn}", "Messages, key presses and chat events handled, per channel");
        _answers = meter.CreateCounter<long>("coproduction.answers", "{answer}", "Answers recorded (understood, unclear or skipped), per channel");
        _sends = meter.CreateCounter<long>("coproduction.sends", "{invitation}", "Invitations and reminders the dispatcher tried to send, per channel and outcome");
        _failures = meter.CreateCounter<long>("coproduction.failures", "{failure}", "Turns, sends and jobs that failed, per kind");
        // Buckets in seconds: the SDK's defaults are made for milliseconds and would put every turn in the first.
        _turnDuration = meter.CreateHistogram("coproduction.turn.duration", "s", "From a message arriving to its replies being handed back, per channel",
            tags: null, advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.005, 0.01, 0.025, 0.05, 0.075, 0.1, 0.25, 0.5, 0.75, 1, 2.5, 5, 7.5, 10] });
        _jobDuration = meter.CreateHistogram("coproduction.job.duration", "s", "How long each background job ran, per job and outcome",
            tags: null, advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.01, 0.05, 0.1, 0.5, 1, 5, 10, 30, 60, 120, 300, 600] });
        meter.CreateObservableGauge("coproduction.invitations.waiting", () => Waiting(scopes), "{invitation}",
            "Invitations waiting to be sent (due now or later)");
    }

    /// <summary>A span for one turn; null when nobody listens.</summary>
    public static Activity? StartTurn(string channel) =>
        Traces.StartActivity("turn")?.SetTag("coproduction.channel", channel);

    /// <summary>A span for one background job; null when nobody listens.</summary>
    public static Activity? StartJob(string job) =>
        Traces.StartActivity("job " + job)?.SetTag("coproduction.job", job);

    public void RecordTurn(string channel, TimeSpan duration, int answers, bool failed)
    {
        var tag = new KeyValuePair<string, object?>("channel", channel);
        _turns.Add(1, tag, new("outcome", failed ? "failed" : "handled"));
        _turnDuration.Record(duration.TotalSeconds, tag);
        if (answers > 0) _answers.Add(answers, tag);
        if (failed) _failures.Add(1, new KeyValuePair<string, object?>("kind", "turn"), tag);
    }

    /// <param name="outcome">sent, retry, failed or opted-out.</param>
    public void RecordSend(string channel, string outcome)
    {
        _sends.Add(1, new KeyValuePair<string, object?>("channel", channel), new("outcome", outcome));
        if (outcome is "failed" or "retry") _failures.Add(1, new KeyValuePair<string, object?>("kind", "send"), new("channel", channel));
    }

    public void RecordJob(string job, TimeSpan duration, bool failed)
    {
        _jobDuration.Record(duration.TotalSeconds, new KeyValuePair<string, object?>("job", job), new("outcome", failed ? "failed" : "succeeded"));
        if (failed) _failures.Add(1, new KeyValuePair<string, object?>("kind", "job"), new("job", job));
    }

    /// <summary>Read from the store when an exporter collects; nothing (rather than a wrong 0) when the store is down.</summary>
    private static IEnumerable<Measurement<long>> Waiting(IServiceScopeFactory scopes)
    {
        long count;
        try
        {
            using var scope = scopes.CreateScope();
            var db = scope.ServiceProvider.GetRequiredService<StoreDbContext>();
            count = db.Invitations.LongCount(i => i.Status == InvitationStatus.Pending);
        }
        catch (Exception)
        {
            return [];
        }
        return [new Measurement<long>(count)];
    }
}
