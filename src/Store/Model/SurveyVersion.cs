namespace CoProduction.Store.Model;

/// <summary>
/// One frozen version of a survey file. The YAML is kept as written (not a re-serialised model),
/// so the board approves, and people answer, exactly the words that were imported.
/// </summary>
public sealed class SurveyVersion
{
    public required string SurveyId { get; set; }

    /// <summary>1, 2, 3... per survey.</summary>
    public int Version { get; set; }

    public required string Yaml { get; set; }

    /// <summary>Copied out of the YAML so keyword look-ups need no parsing.</summary>
    public required string Keyword { get; set; }

    /// <summary>Extra keywords per language (cy: HOLIADUR), stored as JSON.</summary>
    public Dictionary<string, string> KeywordsByLanguage { get; set; } = new();

    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset? PublishedAt { get; set; }
}
