using CoProduction.Surveys.Definitions;

namespace CoProduction.Surveys.Tests.Understanding;

/// <summary>The questions the reply tables are asked against, by name (the table's third column).</summary>
public static class SampleQuestions
{
    /// <summary>A Thursday; the date tables are written against it.</summary>
    public static readonly DateOnly Today = new(2026, 11, 26);

    private static LocalizedText Text(string en, string cy) =>
        new(new Dictionary<string, string> { ["en"] = en, ["cy"] = cy });

    private static readonly Dictionary<string, Question> ByName = new()
    {
        ["happy"] = new Question
        {
            Id = "happy", Type = QuestionType.Scale, Wording = Wording.Plain("How happy are you with your support?"),
            Min = 1, Max = 5,
            Labels = new Dictionary<int, LocalizedText>
            {
                [1] = Text("Very unhappy", "Anhapus iawn"),
                [3] = Text("Okay", "Iawn"),
                [4] = Text("Happy", "Hapus"),
                [5] = Text("Very happy", "Hapus iawn"),
            },
        },
        ["ten"] = new Question
        {
            Id = "ten", Type = QuestionType.Scale, Wording = Wording.Plain("From 0 to 10, how likely are you to recommend us?"),
            Min = 0, Max = 10,
        },
        ["visits"] = new Question
        {
            Id = "visits", Type = QuestionType.Number,
            Wording = Wording.Plain("How many times did you see your support worker last month?"),
            Min = 0, Max = 60,
        },
        ["age"] = new Question
        {
            Id = "age", Type = QuestionType.Number, Wording = Wording.Plain("How old are you?"), Min = 16, Max = 120,
        },
        ["safe"] = new Question
        {
            Id = "safe", Type = QuestionType.YesNo, Wording = Wording.Plain("Do you feel safe at home?"),
        },
        ["matters"] = new Question
        {
            Id = "matters", Type = QuestionType.Choice, Wording = Wording.Plain("What matters most to you this year?"),
            Options =
            [
                new ChoiceOption("friends", Text("Friends and family", "Ffrindiau a theulu"), ["friends", "family", "mates", "mum", "dad"]),
                new ChoiceOption("work", Text("Work or volunteering", "Gwaith neu wirfoddoli"), ["job", "volunteering", "working", "gwaith"]),
                new ChoiceOption("health", Text("My health", "Fy iechyd"), ["health", "wellbeing", "iechyd"]),
                new ChoiceOption("home", LocalizedText.Of("Somewhere good to live"), ["home", "house", "flat", "housing", "cartref"]),
            ],
        },
        ["weight"] = new Question
        {
            Id = "weight", Type = QuestionType.Number, Wording = Wording.Plain("What do you weigh, in kilograms?"),
            Min = 0, Max = 300, Decimals = 1,
        },
        ["spent"] = new Question
        {
            Id = "spent", Type = QuestionType.Number, Wording = Wording.Plain("How much did your care cost last year, in pounds?"),
            Min = 0, Max = 1_000_000,
        },
        ["mood"] = new Question
        {
            Id = "mood", Type = QuestionType.Choice, Wording = Wording.Plain("How was your week?"),
            Options =
            [
                new ChoiceOption("good", LocalizedText.Of("😀"), ["good"]),
                new ChoiceOption("okay", LocalizedText.Of("😐"), ["okay"]),
                new ChoiceOption("bad", LocalizedText.Of("😞"), ["bad"]),
            ],
        },
        ["stars"] = new Question
        {
            Id = "stars", Type = QuestionType.Choice, Wording = Wording.Plain("How many stars would you give us?"),
            Options =
            [
                new ChoiceOption("one-star", LocalizedText.Of("★"), []),
                new ChoiceOption("two-stars", LocalizedText.Of("★★"), []),
                new ChoiceOption("three-stars", LocalizedText.Of("★★★"), []),
            ],
        },
        ["happened"] = new Question
        {
            Id = "happened", Type = QuestionType.Date, Wording = Wording.Plain("When did it happen?"), Dates = DateDirection.Past,
        },
        ["when"] = new Question
        {
            Id = "when", Type = QuestionType.Date, Wording = Wording.Plain("When is a good day for us to call?"),
        },
        ["change"] = new Question
        {
            Id = "change", Type = QuestionType.Text, Wording = Wording.Plain("What one thing should we change?"),
            MaxLength = 40,
        },
    };

    public static Question Get(string name) =>
        ByName.TryGetValue(name, out var q) ? q : throw new ArgumentException($"No sample question '{name}'", nameof(name));
}
