namespace CoProduction.Surveys.Understanding;

/// <summary>
/// What a reply meant for one question. Expected failures are values, not exceptions.
/// The rule every reader keeps: when unsure, ask; never guess. A value is
/// <see cref="Understood"/> only when the reply has one clear reading; when it has one likely
/// reading that a person could easily have meant otherwise ("1/2", "nothing" for a number), the
/// reader asks to <see cref="Confirm"/> it; otherwise the reply is <see cref="Unclear"/>.
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

    /// <summary>
    /// One likely reading, to be checked with the person before it is stored: a yes stores
    /// <paramref name="Value"/>, a no asks the question again with <paramref name="IfNot"/>.
    /// </summary>
    /// <param name="Question">What to ask, in the person's language: "Did you mean Sunday 1 February?"</param>
    /// <param name="IfNot">The hint when they say no: how to write it so it cannot be misread.</param>
    public sealed record Confirm(string Value, string Display, string Question, string IfNot) : AnswerResult;
}
