namespace CoProduction.Surveys.Definitions;

/// <summary>
/// Ask a question only when an earlier question's stored answer is one of <see cref="Values"/>
/// (for example ask "what would help you feel safer?" only when "safe" was "no").
/// A question whose condition is not met is not asked and not recorded.
/// </summary>
public sealed record SkipCondition(string QuestionId, IReadOnlyList<string> Values)
{
    public bool IsMetBy(string? storedValue) =>
        storedValue is not null && Values.Any(v => string.Equals(v, storedValue, StringComparison.OrdinalIgnoreCase));
}
