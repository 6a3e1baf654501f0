namespace CoProduction.Store.Results;

/// <summary>
/// How many were asked, answered and finished: for a round, or for one value of a breakdown
/// (a channel, a language, a group). <see cref="Invited"/> is null where nobody was invited as such
/// (a breakdown, or answers that came by keyword).
/// </summary>
public sealed record Participation(string Label, int? Invited, int Responses, int Completed)
{
    public double? ResponseRate => Invited is > 0 ? 100.0 * Responses / Invited.Value : null;
    public double? CompletionRate => Responses > 0 ? 100.0 * Completed / Responses : null;
}

/// <summary>The breakdowns staff may choose, one at a time.</summary>
public enum Breakdown { None, Channel, Language, Group }

/// <summary>A round as the results pages list it.</summary>
public sealed record RoundSummary(Guid Id, DateTimeOffset OpensAt, string Groups, Participation Participation);
