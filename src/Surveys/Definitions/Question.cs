namespace CoProduction.Surveys.Definitions;

public sealed record Question
{
    public required string Id { get; init; }
    public required QuestionType Type { get; init; }
    public required Wording Wording { get; init; }
    public bool Optional { get; init; }

    /// <summary>Range for scale and number questions (inclusive).</summary>
    public int? Min { get; init; }
    public int? Max { get; init; }

    /// <summary>
    /// Decimal places a number question accepts ("2.5" needs 1). 0, the default, means whole
    /// numbers only; a reply with more places than this is asked again, never rounded.
    /// </summary>
    public int Decimals { get; init; }

    /// <summary>
    /// Which way a date question looks from today: a date without a year, a weekday or a
    /// two-digit year is read as the next one for <see cref="DateDirection.Future"/> (an
    /// appointment, the default) and as the last one for <see cref="DateDirection.Past"/>
    /// (something that happened, a date of birth), where a date after today is asked again.
    /// </summary>
    public DateDirection Dates { get; init; } = DateDirection.Future;

    /// <summary>Labels for some scale points, for example 1 = Very unhappy.</summary>
    public IReadOnlyDictionary<int, LocalizedText> Labels { get; init; } = new Dictionary<int, LocalizedText>();

    public IReadOnlyList<ChoiceOption> Options { get; init; } = [];

    /// <summary>Longest answer kept for a text question; longer replies are cut with a note.</summary>
    public int MaxLength { get; init; } = DefaultMaxLength;

    /// <summary>Skip logic: when set, the question is asked only when the condition holds.</summary>
    public SkipCondition? AskWhen { get; init; }

    public const int DefaultMaxLength = 500;
}
