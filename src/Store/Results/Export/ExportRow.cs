namespace CoProduction.Store.Results.Export;

/// <summary>One response: the session's id (no name or phone number), how and when it came, and one value per column ("unclear", "skipped", or empty when not reached).</summary>
public sealed record ExportRow(Guid ResponseId, string Channel, DateTimeOffset Started, string Status, string?[] Values)
{
    /// <summary>The interview the response was given in, when a peer researcher or staff asked the questions.</summary>
    public ExportInterview? Interview { get; init; }
}

/// <summary>An interview's columns: its id, the interviewer's board role, in person or by phone, who answered, and consent.</summary>
public sealed record ExportInterview(Guid Id, string InterviewerRole, string Mode, string AnsweredBy, bool Consent);
