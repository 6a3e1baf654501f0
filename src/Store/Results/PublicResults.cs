using CoProduction.Store.Model;

namespace CoProduction.Store.Results;

/// <summary>
/// What the public results page shows: only figures that passed <see cref="DisclosureControl"/>,
/// labels from the survey's own wording, actions and approved quotes. Nothing about any person.
/// </summary>
/// <param name="Responses">How many people answered; null when fewer than the minimum group, and then there are no questions.</param>
/// <param name="Previous">When the last release before this one was published, if the figures are compared with it.</param>
public sealed record PublicResults(
    string SurveyId,
    string Title,
    string Language,
    DateTimeOffset PublishedAt,
    DateTimeOffset? Previous,
    int? Responses,
    int MinimumGroup,
    int SmallCount,
    IReadOnlyList<PublicQuestion> Questions,
    IReadOnlyList<PublicAction> Actions,
    IReadOnlyList<string> Quotes,
    IReadOnlyList<FreeText.PublicThemeQuestion>? Themes = null);

/// <param name="Total">People who reached the question; null when too few to show anything.</param>
public sealed record PublicQuestion(string Id, string Text, int? Total, IReadOnlyList<PublicAnswer> Answers, IReadOnlyList<PublicAction> Actions);

/// <param name="Label">The answer's words from the survey; null for yes, no, unclear and skipped, which the page words itself.</param>
/// <param name="Change">Up or down since the previous release; only when both counts are shown.</param>
public sealed record PublicAnswer(string Key, string? Label, DisclosedCell Cell, int? Change);

public sealed record PublicAction(string? QuestionId, string Text, ActionStatus Status, string? Why);
