using CoProduction.Surveys.Definitions;

namespace CoProduction.Surveys.Understanding;

/// <summary>
/// Understands a person's reply to one question: "4", "four", "4 out of 5", "yes pls",
/// "the second one", "next tuesday". Pure: the date "today" is passed in, never read.
/// Each question type has its own reader; this only picks one. Every reader keeps one rule:
/// when unsure, ask; never guess (see <see cref="AnswerResult"/>).
/// </summary>
public static class AnswerReader
{
    public static AnswerResult Read(Question question, string reply, string language, DateOnly today)
    {
        ArgumentNullException.ThrowIfNull(question);
        reply ??= "";
        return question.Type switch
        {
            QuestionType.Scale or QuestionType.Number => ScaleReader.Read(question, reply, language),
            QuestionType.YesNo => YesNoReader.Read(reply, language),
            QuestionType.Choice => ChoiceReader.Read(question, reply, language),
            QuestionType.Date => DateReader.Read(question, reply, language, today),
            QuestionType.Text => FreeTextReader.Read(question, reply, language),
            _ => throw new ArgumentOutOfRangeException(nameof(question), question.Type, "Unknown question type"),
        };
    }
}
