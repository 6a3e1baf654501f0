namespace CoProduction.Store.Model;

/// <summary>
/// The record of who did what to a survey's wording, and when: submitted, approved, proposed,
/// voted, accepted, published, retired. Append-only.
/// </summary>
public sealed class ReviewEvent
{
    public long Id { get; set; }
    public required string SurveyId { get; set; }
    public int? Version { get; set; }

    /// <summary>Null when done by staff through the API key or by configuration.</summary>
    public Guid? MemberId { get; set; }

    /// <summary>submitted, approved, proposed, voted, commented, accepted, published, retired, owner, flagged, pilot.</summary>
    public required string Action { get; set; }

    public required string Detail { get; set; }
    public DateTimeOffset At { get; set; }
}
