namespace CoProduction.Surveys.Understanding;

/// <summary>
/// What a reply meant for one question. Expected failures are values, not exceptions.
/// </summary>
public abstract record AnswerResult
{
    private AnswerResult() { }

    /// <param name="Value">The stored value: the number for scale/number, "yes"/"no", the option id,
    /// the ISO date (yyyy-MM-dd), or the (capped) text.</param>
    /// <param name="Display">How to read it back to the person ("4", "Friends and family", "14 March").</param>
    public sealed record Understood(string Value, string Display) : AnswerResult;

    /// <param name="Hint">A plain, short hint in the person's language,
    /// for example "Please reply with a number from 1 to 5."</param>
    public sealed record Unclear(string Hint) : AnswerResult;
}
