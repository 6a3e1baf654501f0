namespace CoProduction.Store.Model;

/// <summary>
/// Results made public: one round's (or all answers') counts, frozen when staff published them.
/// Frozen, because a public table that changed with each late answer would tell an onlooker what
/// that one answer was.
/// </summary>
public sealed class ResultsRelease
{
    public Guid Id { get; set; }
    public required string SurveyId { get; set; }

    /// <summary>The round, or null for every answer so far.</summary>
    public Guid? RoundId { get; set; }

    /// <summary>"round:{id}" or "all": unique per survey, so a release cannot be made twice.</summary>
    public required string Scope { get; set; }

    /// <summary>The survey version whose wording labels the results.</summary>
    public int Version { get; set; }

    /// <summary>The staff results (<see cref="Results.SurveyResults"/>) as JSON; only ever shown through disclosure control.</summary>
    public required string CountsJson { get; set; }

    public DateTimeOffset PublishedAt { get; set; }

    public static string ScopeFor(Guid? roundId) => roundId is { } id ? $"round:{id:N}" : "all";
}
