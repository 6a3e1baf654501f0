using CoProduction.Surveys.Definitions;

namespace CoProduction.Surveys.Understanding;

/// <summary>
/// Understands a person's reply to one question: "4", "four", "4 out of 5", "yes pls",
/// "the second one", "next tuesday". Pure: the date "today" is passed in, never read.
/// </summary>
public static class AnswerReader
{
    public static AnswerResult Read(Question question, string reply, string language, DateOnly today)
        => throw new NotImplementedException("being written");
}
