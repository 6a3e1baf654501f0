using CoProduction.Surveys.Definitions;
using CoProduction.Surveys.Loading;
using CoProduction.Surveys.Rendering;
using CoProduction.Surveys.Understanding;

namespace CoProduction.Surveys.Tests.Loading;

/// <summary>The demo surveys shipped in surveys/ at the repository root must always load.</summary>
public class DemoSurveyTests
{
    /// <summary>The app appends the reply hint ("Reply 1 to 5", about 20 characters) to fit one 160-character SMS.</summary>
    private const int SmsBudget = 140;

    private static string RepoFile(string relative)
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "CoProduction.sln")))
                return Path.Combine(dir.FullName, relative);
        }
        throw new InvalidOperationException("CoProduction.sln not found above " + AppContext.BaseDirectory);
    }

    private static SurveyDefinition LoadCheckin() =>
        SurveyFileParserTests.Load(File.ReadAllText(RepoFile(Path.Combine("surveys", "checkin.yaml"))));

    [Fact]
    public void CheckinFile_Parses_AsTheYearlyCheckInInEnglishAndWelsh()
    {
        var survey = LoadCheckin();

        Assert.Equal("checkin", survey.Id);
        Assert.Equal("CHECKIN", survey.Keyword);
        Assert.Equal("GWIRIO", survey.KeywordsByLanguage["cy"]);
        Assert.Equal(["en", "cy"], survey.Languages);
        Assert.InRange(survey.Questions.Count, 6, 8);
        Assert.Contains("STOP", survey.Intro.Get("en"));
        Assert.Contains("STOP", survey.Intro.Get("cy"));
    }

    [Fact]
    public void CheckinIntro_FitsOneText_EvenAsAReminder_InEveryLanguage()
    {
        // A check-in reminder puts "Reminder: " before the intro; two parts may arrive out of
        // order on a basic phone, so the intro leaves room for it in each language.
        var survey = LoadCheckin();

        Assert.All(survey.Languages, language =>
        {
            var reminder = Phrases.For(language).Reminder(survey.Intro.Get(language));
            Assert.Equal(1, SmsSegments.Count(reminder));
        });
    }

    [Fact]
    public void CheckinFile_UsesEveryQuestionType_AndOneSkipLogicQuestion()
    {
        var survey = LoadCheckin();

        Assert.Equal(Enum.GetValues<QuestionType>().OrderBy(t => t), survey.Questions.Select(q => q.Type).Distinct().OrderBy(t => t));
        var scale = survey.Questions.Single(q => q.Type == QuestionType.Scale);
        Assert.Equal((1, 5), (scale.Min, scale.Max));
        Assert.NotEmpty(scale.Labels);
        var choice = survey.Questions.Single(q => q.Type == QuestionType.Choice);
        Assert.Equal(4, choice.Options.Count);
        Assert.All(choice.Options, o => Assert.NotEmpty(o.Synonyms));
        var number = survey.Questions.Single(q => q.Type == QuestionType.Number);
        Assert.Equal((0, 60), (number.Min, number.Max));
        Assert.True(survey.Questions.Single(q => q.Type == QuestionType.Date).Optional);
        Assert.Contains(survey.Questions, q => q.Type == QuestionType.Text && q.Optional && q.AskWhen is null);
        var skip = Assert.Single(survey.Questions, q => q.AskWhen is not null);
        Assert.Equal(new[] { "no" }, skip.AskWhen!.Values);
        Assert.Equal("safe", skip.AskWhen.QuestionId);
    }

    [Fact]
    public void CheckinFile_HasEnglishAndWelsh_ForEveryText()
    {
        var survey = LoadCheckin();
        var texts = new List<(string Where, LocalizedText Text)> { ("intro", survey.Intro), ("outro", survey.Outro) };
        foreach (var q in survey.Questions)
        {
            texts.Add(($"{q.Id}.text", q.Wording.Text));
            Assert.True(q.Wording.EasyRead is not null, $"{q.Id} has no easy-read wording");
            texts.Add(($"{q.Id}.easy_read", q.Wording.EasyRead!));
            texts.AddRange(q.Wording.PerChannel.Select(c => ($"{q.Id}.channels.{c.Key.ToName()}", c.Value)));
            texts.AddRange(q.Labels.Select(l => ($"{q.Id}.labels.{l.Key}", l.Value)));
            texts.AddRange(q.Options.Select(o => ($"{q.Id}.options.{o.Id}", o.Text)));
        }

        Assert.All(texts, t =>
        {
            Assert.True(t.Text.Has("en") && t.Text.Has("cy"), $"{t.Where} needs en and cy");
            Assert.NotEqual(t.Text.ByLanguage["en"], t.Text.ByLanguage["cy"]);
        });
    }

    [Fact]
    public void CheckinFile_KeepsEverySmsWording_WithinOneTextLeavingRoomForTheReplyHint()
    {
        var survey = LoadCheckin();

        var tooLong =
            from q in survey.Questions
            from language in survey.Languages
            from easyRead in new[] { false, true }
            let text = q.Wording.Resolve(language, Channel.Sms, easyRead)
            where text.Length > SmsBudget
            select $"{q.Id} ({language}{(easyRead ? ", easy read" : "")}): {text.Length} characters";

        Assert.Empty(tooLong);
    }

    [Fact]
    public void CheckinFile_KeepsVoicePromptsShorterThanTheWrittenText()
    {
        var survey = LoadCheckin();

        var voice = survey.Questions.Where(q => q.Wording.PerChannel.ContainsKey(Channel.Voice)).ToList();
        Assert.NotEmpty(voice);
        Assert.All(voice, q => Assert.All(survey.Languages, language =>
            Assert.True(q.Wording.Resolve(language, Channel.Voice, false).Length <= q.Wording.Text.Get(language).Length,
                $"{q.Id} ({language}): the voice prompt is longer than the main text")));
    }
}
