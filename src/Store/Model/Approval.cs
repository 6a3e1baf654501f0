namespace CoProduction.Store.Model;

/// <summary>
/// One board member's approval of one version. A version is what is approved: a wording change
/// makes a new version, which needs approving again.
/// </summary>
public sealed class Approval
{
    public long Id { get; set; }
    public required string SurveyId { get; set; }
    public int Version { get; set; }

    /// <summary>Null only for an approval given by configuration (the surveys shipped with the service).</summary>
    public Guid? MemberId { get; set; }

    /// <summary>Why, when it was not a member (for example "shipped in the surveys folder").</summary>
    public string? Note { get; set; }

    public DateTimeOffset At { get; set; }
}
