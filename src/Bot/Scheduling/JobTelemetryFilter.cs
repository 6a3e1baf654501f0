using System.Diagnostics;
using CoProduction.Store.Telemetry;
using Hangfire.Server;

namespace CoProduction.Bot.Scheduling;

/// <summary>
/// Times every job this node's Hangfire server runs, and gives it a trace span. Registered per
/// host (not in Hangfire's global filters) so two hosts in one process record only their own jobs.
/// </summary>
public sealed class JobTelemetryFilter(CoProductionTelemetry telemetry) : IServerFilter
{
    private const string StartedKey = "coproduction.telemetry.started";
    private const string SpanKey = "coproduction.telemetry.span";

    public void OnPerforming(PerformingContext context)
    {
        context.Items[StartedKey] = Stopwatch.GetTimestamp();
        context.Items[SpanKey] = CoProductionTelemetry.StartJob(JobName(context));
    }

    public void OnPerformed(PerformedContext context)
    {
        var failed = context.Exception is not null && !context.ExceptionHandled;
        if (context.Items.TryGetValue(StartedKey, out var started) && started is long start)
        {
            telemetry.RecordJob(JobName(context), Stopwatch.GetElapsedTime(start), failed);
        }
        if (context.Items.TryGetValue(SpanKey, out var span) && span is Activity activity)
        {
            if (failed) activity.SetStatus(ActivityStatusCode.Error, context.Exception!.GetType().Name);
            activity.Dispose();
        }
    }

    /// <summary>The job's class, like InvitationDispatcher: a name, never its arguments.</summary>
    public static string JobName(PerformContext context) => context.BackgroundJob.Job?.Type.Name ?? "unknown";
}
