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
    /// <summary>
    /// Longest reply read for a number, date, choice or yes/no: three text messages. A longer reply is
    /// a story rather than one clear answer, so it is asked again (with the usual hint); this also
    /// keeps every reader fast whatever is sent (some patterns cost the square of the length).
    /// </summary>
    public const int MaxAnswerLength = 480;

    public static AnswerResult Read(Question question, string reply, string language, DateOnly today)
    {
        ArgumentNullException.ThrowIfNull(question);
        reply ??= "";
        // An empty reply gets each reader's own hint.
        if (reply.Length > MaxAnswerLength && question.Type != QuestionType.Text) reply = "";
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
