namespace CoProduction.Store.FreeText;

/// <summary>
/// A theme the board keeps for one survey's written answers ("transport", "staff changing").
/// Retired, not deleted: answers tagged with it keep their tag, and its name stays taken.
/// </summary>
public sealed class Theme
{
    public long Id { get; set; }
    public required string SurveyId { get; set; }

    /// <summary>As the board wrote it.</summary>
    public required string Name { get; set; }

    /// <summary>The name in lower case with single spaces: unique per survey, so "Transport" and "transport " are one theme.</summary>
    public required string NameKey { get; set; }

    public bool Retired { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
}
