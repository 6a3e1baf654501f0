using CoProduction.Surveys.Definitions;

namespace CoProduction.Store.Tests.TestSupport;

/// <summary>Survey definitions built in C#, as the YAML parser would produce them.</summary>
public static class SampleSurveys
{
    public static SurveyDefinition Checkin(string id = "checkin", string keyword = "CHECKIN", string title = "Yearly check-in") => new()
    {
        Id = id,
        Title = title,
        Keyword = keyword,
        Intro = LocalizedText.Of("Hello! A few quick questions."),
        Outro = LocalizedText.Of("Thank you."),
        Questions =
        [
            new Question { Id = "happy", Type = QuestionType.Scale, Wording = Wording.Plain("How happy are you?"), Min = 1, Max = 5 },
            new Question { Id = "safe", Type = QuestionType.YesNo, Wording = Wording.Plain("Do you feel safe at home?") },
            new Question
            {
                Id = "matters",
                Type = QuestionType.Choice,
                Wording = Wording.Plain("What matters most?"),
                Options =
                [
                    new ChoiceOption("friends", LocalizedText.Of("Friends and family"), ["friends", "family"]),
                    new ChoiceOption("work", LocalizedText.Of("Work or volunteering"), []),
                ],
            },
            new Question { Id = "change", Type = QuestionType.Text, Wording = Wording.Plain("What one thing should we change?"), Optional = true },
        ],
    };
}
