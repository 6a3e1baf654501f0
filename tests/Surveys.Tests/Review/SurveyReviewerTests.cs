using CoProduction.Surveys.Loading;
using CoProduction.Surveys.Rendering;
using CoProduction.Surveys.Review;

namespace CoProduction.Surveys.Tests.Review;

public sealed class SurveyReviewerTests
{
    private static readonly string Yaml = """
        id: pulse
        title: Pulse
        keyword: PULSE
        intro: Hello
        outro: Bye
        questions:
          - id: matters
            type: choice
            text: What matters most to you?
            options:
              - { id: friends, text: Friends and family }
              - { id: work, text: Work }
          - id: safe
            type: yesno
            text: Do you feel safe at home?
            easy_read: Are you safe at home?
        """;

    [Fact]
    public void SmsWording_IsTheRenderedMessage_WithOptionsAndReplyHint()
    {
        var survey = SurveyFileParser.Parse(Yaml).Survey!;

        var review = SurveyReviewer.Review(survey, new WordingChecker(WordLists.Default));

        var sms = review.Questions.Single(q => q.QuestionId == "matters").Wordings.Single(w => w.Kind == WordingKind.Sms);
        Assert.Contains("1 Friends and family", sms.Text);
        Assert.Contains("Reply 1 to 2", sms.Text);
        Assert.Equal(SmsSegments.Count(sms.Text), sms.SmsSegments);
    }

    [Fact]
    public void VoiceWording_ReadsTheChoicesWithTheirKeys()
    {
        var survey = SurveyFileParser.Parse(Yaml).Survey!;

        var review = SurveyReviewer.Review(survey, new WordingChecker(WordLists.Default));

        var voice = review.Questions.Single(q => q.QuestionId == "matters").Wordings.Single(w => w.Kind == WordingKind.Voice);
        Assert.Contains("Press 1 for Friends and family, press 2 for Work", voice.Text);
    }

    [Fact]
    public void EveryQuestion_HasAllFourWordings_AndMissingEasyReadIsAdvised()
    {
        var survey = SurveyFileParser.Parse(Yaml).Survey!;

        var review = SurveyReviewer.Review(survey, new WordingChecker(WordLists.Default));

        Assert.All(review.Questions, q => Assert.Equal(4, q.Wordings.Count));
        var matters = review.Questions.Single(q => q.QuestionId == "matters").Wordings.Single(w => w.Kind == WordingKind.EasyRead);
        Assert.Contains(matters.Findings, f => f.Check == "missing-easy-read");
        var safe = review.Questions.Single(q => q.QuestionId == "safe").Wordings.Single(w => w.Kind == WordingKind.EasyRead);
        Assert.Equal("Are you safe at home?", safe.Text);
    }
}
