using CoProduction.Surveys.Definitions;

namespace CoProduction.Surveys.Understanding;

/// <summary>
/// An unclear answer's hint for a channel where someone enters the answer on a form (an
/// interviewer's page): the readers word their hints for a text ("Please reply with a
/// number"), which reads wrongly to an interviewer. Only the readers' general hints are
/// reworded; a particular one ("That is too long...") fits a form already and is kept.
/// </summary>
public static class FormHints
{
    public static string For(Question question, string readerHint, Phrases phrases)
    {
        var min = question.Min ?? (question.Type == QuestionType.Scale ? 1 : 0);
        return question.Type switch
        {
            QuestionType.Scale or QuestionType.Number when question.Max is { } max && readerHint == phrases.NumberRange(min, max) => phrases.FormNumberRange(min, max),
            QuestionType.Scale or QuestionType.Number when question.Max is null && readerHint == phrases.ANumber => phrases.FormANumber,
            QuestionType.YesNo when readerHint == phrases.YesOrNo => phrases.FormYesOrNo,
            QuestionType.Choice when readerHint == phrases.ChooseOption(question.Options.Count) => phrases.FormChooseOption,
            QuestionType.Date when readerHint == phrases.ADate => phrases.FormADate,
            QuestionType.Text when readerHint == phrases.SomeWords => phrases.FormSomeWords,
            _ => readerHint,
        };
    }
}
