using CoProduction.Surveys.Definitions;
using CoProduction.Surveys.Engine;

namespace CoProduction.Surveys.Tests.Engine;

/// <summary>A small survey in two languages that uses every question type and skip logic.</summary>
internal static class TestSurveys
{
    private static LocalizedText T(string en, string cy) => new(new Dictionary<string, string> { ["en"] = en, ["cy"] = cy });

    public static readonly SurveyDefinition Demo = new()
    {
        Id = "demo",
        Title = "Demo check-in",
        Keyword = "DEMO",
        KeywordsByLanguage = new Dictionary<string, string> { ["cy"] = "ARDDANGOS" },
        Languages = ["en", "cy"],
        Intro = T("Hello! A few quick questions about your support.", "Helo! Ychydig o gwestiynau cyflym am eich cymorth."),
        Outro = T("Thank you. Your answers help us change things.", "Diolch. Mae eich atebion yn ein helpu i newid pethau."),
        Questions =
        [
            new Question
            {
                Id = "happy", Type = QuestionType.Scale, Min = 1, Max = 5,
                Wording = new Wording(
                    T("How happy are you with your support?", "Pa mor hapus ydych chi gyda'ch cymorth?"),
                    T("Are you happy with your help?", "Ydych chi'n hapus gyda'ch help?"),
                    new Dictionary<Channel, LocalizedText> { [Channel.Voice] = T("How happy are you with your support? Press 1 to 5.", "Pa mor hapus ydych chi? Pwyswch 1 i 5.") }),
                Labels = new Dictionary<int, LocalizedText> { [1] = T("Very unhappy", "Anhapus iawn"), [5] = T("Very happy", "Hapus iawn") },
            },
            new Question { Id = "safe", Type = QuestionType.YesNo, Wording = new Wording(T("Do you feel safe at home?", "Ydych chi'n teimlo'n ddiogel gartref?"), null, new Dictionary<Channel, LocalizedText>()) },
            new Question
            {
                Id = "safer", Type = QuestionType.Text, Optional = true, MaxLength = 200,
                Wording = new Wording(T("What would help you feel safer?", "Beth fyddai'n eich helpu i deimlo'n fwy diogel?"), null, new Dictionary<Channel, LocalizedText>()),
                AskWhen = new SkipCondition("safe", ["no"]),
            },
            new Question
            {
                Id = "matters", Type = QuestionType.Choice,
                Wording = new Wording(T("What matters most to you this year?", "Beth sydd bwysicaf i chi eleni?"), null, new Dictionary<Channel, LocalizedText>()),
                Options =
                [
                    new ChoiceOption("friends", T("Friends and family", "Ffrindiau a theulu"), ["friends", "family"]),
                    new ChoiceOption("work", T("Work or volunteering", "Gwaith neu wirfoddoli"), ["job", "volunteering"]),
                    new ChoiceOption("health", T("My health", "Fy iechyd"), ["health"]),
                ],
            },
            new Question
            {
                Id = "visits", Type = QuestionType.Number, Min = 0, Max = 60,
                Wording = new Wording(T("How many times did you see your support worker last month?", "Sawl gwaith welsoch chi eich gweithiwr cymorth y mis diwethaf?"), null, new Dictionary<Channel, LocalizedText>()),
            },
            new Question
            {
                Id = "when", Type = QuestionType.Date, Optional = true,
                Wording = new Wording(T("When is a good day for us to call?", "Pryd mae'n ddiwrnod da i ni ffonio?"), null, new Dictionary<Channel, LocalizedText>()),
            },
            new Question
            {
                Id = "change", Type = QuestionType.Text, Optional = true, MaxLength = 300,
                Wording = new Wording(T("What one thing should we change?", "Beth yw'r un peth y dylem ei newid?"), null, new Dictionary<Channel, LocalizedText>()),
            },
        ],
    };

    public sealed class Catalog(params SurveyDefinition[] surveys) : ISurveyCatalog
    {
        public PublishedSurvey? FindByKeyword(string word) =>
            surveys.Where(s => s.MatchesKeyword(word, out _)).Select(s => new PublishedSurvey(s, 1)).FirstOrDefault();

        public PublishedSurvey? Find(string surveyId, int version) =>
            surveys.Where(s => s.Id == surveyId && version == 1).Select(s => new PublishedSurvey(s, 1)).FirstOrDefault();

        public string? SuggestedKeyword => surveys.FirstOrDefault()?.Keyword;

        public IReadOnlyList<PublishedSurvey> Published => surveys.Select(s => new PublishedSurvey(s, 1)).ToList();
    }
}
