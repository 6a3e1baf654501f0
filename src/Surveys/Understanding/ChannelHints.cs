using CoProduction.Surveys.Definitions;

namespace CoProduction.Surveys.Understanding;

/// <summary>How a channel's hints are worded: the readers word theirs for a text.</summary>
public enum HintWording
{
    /// <summary>"Please reply with a number from 1 to 5." (a text message or web chat).</summary>
    Text,

    /// <summary>"Enter a number from 1 to 5." (an interviewer entering the answer on a form).</summary>
    Form,

    /// <summary>"Please press or say a number from 1 to 5." (a phone call: nothing is written).</summary>
    Spoken,
}

/// <summary>
/// An unclear answer's hint in the words of the channel it is given on: the readers word their
/// hints for a text ("Please reply with a number"), which reads wrongly to an interviewer at a
/// form and sounds wrong on a call. Only the readers' general hints are reworded; a particular
/// one ("That is too long...") is kept.
/// </summary>
public static class ChannelHints
{
    public static string For(Question question, string readerHint, Phrases phrases, HintWording wording)
    {
        ArgumentNullException.ThrowIfNull(question);
        ArgumentNullException.ThrowIfNull(phrases);
        if (wording == HintWording.Text) return readerHint;
        var prefix = wording == HintWording.Form ? "form-" : "spoken-";
        var min = question.Min ?? (question.Type == QuestionType.Scale ? 1 : 0);
        return question.Type switch
        {
            QuestionType.Scale or QuestionType.Number when question.Max is { } max && readerHint == phrases.NumberRange(min, max) => phrases.NumberRange(min, max, prefix),
            QuestionType.Scale or QuestionType.Number when question.Max is null && readerHint == phrases.ANumber => phrases.Hint(prefix + "a-number"),
            QuestionType.YesNo when readerHint == phrases.YesOrNo => phrases.Hint(prefix + "yes-or-no"),
            QuestionType.Choice when readerHint == phrases.ChooseOption(question.Options.Count) => phrases.Hint(prefix + "choose-option"),
            QuestionType.Date when readerHint == phrases.ADate => phrases.Hint(prefix + "a-date"),
            QuestionType.Text when readerHint == phrases.SomeWords => phrases.Hint(prefix + "some-words"),
            _ => readerHint,
        };
    }
}
