namespace CoProduction.Surveys.Loading;

/// <summary>One thing wrong with a survey file, in plain English, with where it is.</summary>
/// <param name="Line">1-based line in the file (0 when the whole file is unreadable).</param>
/// <param name="Field">The field path, for example "questions[2] (happy).max": questions and options are counted from 1, as an author counts them, and named by id when they have one.</param>
/// <param name="Message">What is wrong and how to fix it, for example "max must be bigger than min (it is 1, min is 5)".</param>
public sealed record SurveyFileError(int Line, string Field, string Message)
{
    public override string ToString() => Line > 0 ? $"Line {Line}, {Field}: {Message}" : $"{Field}: {Message}";
}
