using CoProduction.Surveys.Definitions;
using CoProduction.Surveys.Loading;

namespace CoProduction.Surveys.Tests.Loading;

public class SurveyFileParserTests
{
    // Copied word for word from DESIGN.md, "Contracts that stay fixed": this core must always load.
    public const string DesignExample = """
        id: checkin                 # letters, digits, '-'
        title: Yearly check-in
        keyword: CHECKIN            # texting it starts the survey (any case)
        intro: Hello! A few quick questions about your support. Text STOP to stop.
        outro: Thank you. Your answers help us change things.
        questions:
          - id: happy
            type: scale             # whole numbers min..max
            text: How happy are you with your support?
            min: 1
            max: 5
            labels: { 1: Very unhappy, 5: Very happy }
          - id: safe
            type: yesno
            text: Do you feel safe at home?
          - id: matters
            type: choice
            text: What matters most to you this year?
            options:
              - { id: friends, text: Friends and family, synonyms: [friends, family] }
              - { id: work, text: Work or volunteering }
          - id: visits
            type: number
            text: How many times did you see your support worker last month?
            min: 0
            max: 60
          - id: when
            type: date
            text: When is a good day for us to call?
            optional: true
          - id: change
            type: text
            text: What one thing should we change?
            optional: true
        """;

    internal static SurveyDefinition Load(string yaml)
    {
        var result = SurveyFileParser.Parse(yaml);
        Assert.True(result.Succeeded, "expected no errors, got:\n" + string.Join("\n", result.Errors));
        return result.Survey!;
    }

    [Fact]
    public void Parse_ReadsTheDesignExample_IntoTheExpectedDefinition()
    {
        var survey = Load(DesignExample);

        Assert.Equal("checkin", survey.Id);
        Assert.Equal("Yearly check-in", survey.Title);
        Assert.Equal("CHECKIN", survey.Keyword);
        Assert.Empty(survey.KeywordsByLanguage);
        Assert.Equal(["en"], survey.Languages);
        Assert.Equal("Hello! A few quick questions about your support. Text STOP to stop.", survey.Intro.Get("en"));
        Assert.Equal("Thank you. Your answers help us change things.", survey.Outro.Get("en"));
        Assert.Equal(["happy", "safe", "matters", "visits", "when", "change"], survey.Questions.Select(q => q.Id));
        Assert.Equal(
            [QuestionType.Scale, QuestionType.YesNo, QuestionType.Choice, QuestionType.Number, QuestionType.Date, QuestionType.Text],
            survey.Questions.Select(q => q.Type));

        var happy = survey.Questions[0];
        Assert.Equal("How happy are you with your support?", happy.Wording.Text.Get("en"));
        Assert.Equal((1, 5), (happy.Min, happy.Max));
        Assert.Equal("Very unhappy", happy.Labels[1].Get("en"));
        Assert.Equal("Very happy", happy.Labels[5].Get("en"));
        Assert.Equal(2, happy.Labels.Count);
        Assert.False(happy.Optional);
        Assert.Null(happy.Wording.EasyRead);
        Assert.Empty(happy.Wording.PerChannel);

        var matters = survey.FindQuestion("matters")!;
        Assert.Equal(["friends", "work"], matters.Options.Select(o => o.Id));
        Assert.Equal("Friends and family", matters.Options[0].Text.Get("en"));
        Assert.Equal(["friends", "family"], matters.Options[0].Synonyms);
        Assert.Empty(matters.Options[1].Synonyms);

        var visits = survey.FindQuestion("visits")!;
        Assert.Equal((0, 60), (visits.Min, visits.Max));

        Assert.True(survey.FindQuestion("when")!.Optional);
        var change = survey.FindQuestion("change")!;
        Assert.True(change.Optional);
        Assert.Equal(Question.DefaultMaxLength, change.MaxLength);
        Assert.All(survey.Questions, q => Assert.Null(q.AskWhen));
    }

    [Fact]
    public void Parse_StoresTheKeywordUpperCase_WhateverCaseItIsWrittenIn()
    {
        var survey = Load(DesignExample.Replace("keyword: CHECKIN", "keyword: checkIn"));

        Assert.Equal("CHECKIN", survey.Keyword);
        Assert.True(survey.MatchesKeyword("checkin", out _));
    }

    [Fact]
    public void Parse_ReadsASurveyWithoutKeyword_AsSentOnlyByInvitation_AndWritesItBackWithoutOne()
    {
        var survey = Load(DesignExample.Replace("keyword: CHECKIN            # texting it starts the survey (any case)\n", ""));

        Assert.False(survey.HasKeyword);
        Assert.False(survey.MatchesKeyword("", out _));
        var written = SurveyYamlWriter.Write(survey);
        Assert.DoesNotContain("keyword", written);
        Assert.False(SurveyFileParser.Parse(written).Survey!.HasKeyword);
    }

    private const string Welsh = """
        id: checkin
        title: { en: Yearly check-in, cy: Gwirio blynyddol }
        languages: [en, cy]
        keyword: { en: CHECKIN, cy: gwirio }
        intro: { en: Hello!, cy: Helo! }
        outro:
          en: Thank you.
          cy: Diolch.
        questions:
          - id: happy
            type: scale
            text: { en: How happy are you?, cy: Pa mor hapus ydych chi? }
            easy_read: { en: Are you happy?, cy: Ydych chi'n hapus? }
            channels:
              voice: { en: Are you happy? Press 1 to 5., cy: Ydych chi'n hapus? Pwyswch 1 i 5. }
              sms: { en: How happy are you with your support?, cy: Pa mor hapus ydych chi gyda'ch cymorth? }
            min: 1
            max: 5
            labels:
              1: { en: Very unhappy, cy: Anhapus iawn }
              5: { en: Very happy, cy: Hapus iawn }
          - id: matters
            type: choice
            text: { en: What matters most?, cy: Beth sydd bwysicaf? }
            options:
              - id: friends
                text: { en: Friends and family, cy: Ffrindiau a theulu }
                synonyms: [friends, ffrindiau, teulu]
              - id: work
                text: { en: Work, cy: Gwaith }
        """;

    [Fact]
    public void Parse_ReadsWordingPerLanguage_ForEveryTextField()
    {
        var survey = Load(Welsh);

        Assert.Equal(["en", "cy"], survey.Languages);
        Assert.Equal("Yearly check-in", survey.Title);
        Assert.Equal("Helo!", survey.Intro.Get("cy"));
        Assert.Equal("Diolch.", survey.Outro.Get("cy"));
        var happy = survey.Questions[0];
        Assert.Equal("Pa mor hapus ydych chi?", happy.Wording.Text.Get("cy"));
        Assert.Equal("How happy are you?", happy.Wording.Text.Get("en"));
        Assert.Equal("Anhapus iawn", happy.Labels[1].Get("cy"));
        Assert.Equal("Gwaith", survey.Questions[1].Options[1].Text.Get("cy"));
        Assert.Equal(["friends", "ffrindiau", "teulu"], survey.Questions[1].Options[0].Synonyms);
    }

    [Fact]
    public void Parse_TakesTheMainLanguagesKeyword_AndKeepsTheOthersPerLanguage()
    {
        var survey = Load(Welsh);

        Assert.Equal("CHECKIN", survey.Keyword);
        Assert.Equal(new Dictionary<string, string> { ["cy"] = "GWIRIO" }, survey.KeywordsByLanguage);
        Assert.True(survey.MatchesKeyword("Gwirio", out var language));
        Assert.Equal("cy", language);
    }

    [Fact]
    public void Parse_TreatsAPlainString_AsTheFirstLanguage()
    {
        var survey = Load(DesignExample.Replace("title: Yearly check-in", "title: Gwirio blynyddol\nlanguages: [cy]"));

        Assert.Equal(["cy"], survey.Languages);
        Assert.Equal("Hello! A few quick questions about your support. Text STOP to stop.", survey.Intro.ByLanguage["cy"]);
        Assert.False(survey.Intro.Has("en"));
    }

    [Theory]
    [InlineData("en", Channel.Sms, false, "How happy are you with your support?")]
    [InlineData("cy", Channel.Sms, false, "Pa mor hapus ydych chi gyda'ch cymorth?")]
    [InlineData("en", Channel.Voice, false, "Are you happy? Press 1 to 5.")]
    [InlineData("cy", Channel.Voice, false, "Ydych chi'n hapus? Pwyswch 1 i 5.")]
    [InlineData("en", Channel.Web, false, "How happy are you?")]
    [InlineData("cy", Channel.Web, true, "Ydych chi'n hapus?")]
    [InlineData("en", Channel.Voice, true, "Are you happy?")]
    public void Parse_GivesEasyReadAndChannelWording_ToWordingResolve(string language, Channel channel, bool easyRead, string expected)
    {
        var happy = Load(Welsh).Questions[0];

        Assert.Equal(expected, happy.Wording.Resolve(language, channel, easyRead));
    }

    [Fact]
    public void Parse_ReadsSkipLogic_WithOneOrSeveralAnswers()
    {
        var survey = Load(DesignExample + """

              - id: safer
                type: text
                text: What would help you feel safer?
                when: { question: safe, is: NO }
              - id: more
                type: text
                text: Tell us more
                when:
                  question: Matters
                  is: [friends, WORK]
              - id: low
                type: yesno
                text: Would you like a call?
                when: { question: happy, is: [1, 2] }
            """);

        Assert.Equal(["no"], survey.FindQuestion("safer")!.AskWhen!.Values);
        Assert.Equal("safe", survey.FindQuestion("safer")!.AskWhen!.QuestionId);
        Assert.Equal("matters", survey.FindQuestion("more")!.AskWhen!.QuestionId);
        Assert.Equal(["friends", "work"], survey.FindQuestion("more")!.AskWhen!.Values);
        Assert.Equal(["1", "2"], survey.FindQuestion("low")!.AskWhen!.Values);
        Assert.True(survey.FindQuestion("low")!.AskWhen!.IsMetBy("2"));
        Assert.False(survey.FindQuestion("low")!.AskWhen!.IsMetBy("3"));
    }

    [Fact]
    public void Parse_ReadsMaxLengthAndOpenNumberRanges()
    {
        var survey = Load(DesignExample
            .Replace("    text: What one thing should we change?", "    text: What one thing should we change?\n    max_length: 160")
            .Replace("    min: 0\n    max: 60\n", "    min: 0\n"));

        Assert.Equal(160, survey.FindQuestion("change")!.MaxLength);
        Assert.Equal(0, survey.FindQuestion("visits")!.Min);
        Assert.Null(survey.FindQuestion("visits")!.Max);
    }

    [Fact]
    public void Parse_AcceptsBlockTextAndQuotedText_AndTrimsIt()
    {
        var survey = Load(DesignExample.Replace(
            "outro: Thank you. Your answers help us change things.",
            "outro: |\n  Thank you: your answers\n  help us change things.\n"));

        Assert.Equal("Thank you: your answers\nhelp us change things.", survey.Outro.Get("en"));
    }
}
