namespace CoProduction.Scheduling.Jobs;

/// <summary>What one dispatcher run did, for logs, tests and the benchmark.</summary>
public sealed class DispatchReport
{
    public int Sent { get; set; }
    public int Reminded { get; set; }
    public int Deferred { get; set; }
    public int OptedOut { get; set; }
    public int Retried { get; set; }
    public int Failed { get; set; }
    public int Skipped { get; set; }

    /// <summary>Invitations a stopped server left sending, sorted out at the start of the run.</summary>
    public int Interrupted { get; set; }
}
