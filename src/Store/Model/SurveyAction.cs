namespace CoProduction.Store.Model;

/// <summary>
/// "You said, we did": something staff will do, did, or could not do because of what people
/// answered; shown on the public results page beside the results it answers.
/// </summary>
public sealed class SurveyAction
{
    public Guid Id { get; set; }
    public required string SurveyId { get; set; }

    /// <summary>The question it answers, when it answers one.</summary>
    public string? QuestionId { get; set; }

    /// <summary>The round it answers, when it answers one.</summary>
    public Guid? RoundId { get; set; }

    /// <summary>What was said or done, in plain words, for the public page.</summary>
    public required string Text { get; set; }

    /// <summary>The same in Welsh, for people who chose Welsh; without it they read <see cref="Text"/>.</summary>
    public string? TextCy { get; set; }

    public ActionStatus Status { get; set; }

    /// <summary>Why it is not possible (shown with <see cref="ActionStatus.NotPossible"/>).</summary>
    public string? Why { get; set; }

    /// <summary>Why it is not possible, in Welsh.</summary>
    public string? WhyCy { get; set; }

    /// <summary>The words in a language, by the rule survey wording follows (Welsh when there is Welsh, else English).</summary>
    public string TextIn(string language) => Words(Text, TextCy).Get(language);

    public string? WhyIn(string language) => Why is null ? null : Words(Why, WhyCy).Get(language);

    private static Surveys.Definitions.LocalizedText Words(string english, string? welsh) => new(welsh is null
        ? new Dictionary<string, string> { ["en"] = english }
        : new Dictionary<string, string> { ["en"] = english, ["cy"] = welsh });

    /// <summary>A hash of question, round and words: unique per survey, so the same action is never recorded twice.</summary>
    public required string Fingerprint { get; set; }

    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
}
