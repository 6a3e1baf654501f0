using CoProduction.Surveys.Definitions;
using CoProduction.Surveys.Engine;
using CoProduction.Surveys.Rendering;
using CoProduction.Surveys.Tests.Engine;

namespace CoProduction.Surveys.Tests.Rendering;

public sealed class SmsRendererTests
{
    private static Prompt Ask(string questionId, string language = "en") =>
        QuestionPrompts.For(TestSurveys.Demo.FindQuestion(questionId)!, language, Channel.Sms, easyRead: false);

    [Fact]
    public void Scale_AddsTheRangeAndLabels_WhenTheyFitOneText()
    {
        var text = SmsRenderer.RenderOne(Ask("happy"));

        Assert.Equal("How happy are you with your support?\nReply 1 to 5 (1 = Very unhappy, 5 = Very happy)", text);
        Assert.Equal(1, SmsSegments.Count(text));
    }

    [Fact]
    public void Scale_DropsTheLabels_WhenTheyWouldMakeASecondText()
    {
        var question = TestSurveys.Demo.FindQuestion("happy")! with
        {
            Wording = Wording.Plain(new string('x', 130) + "?"),
        };

        var text = SmsRenderer.RenderOne(QuestionPrompts.For(question, "en", Channel.Sms, false));

        Assert.EndsWith("\nReply 1 to 5", text);
        Assert.Equal(1, SmsSegments.Count(text));
    }

    [Fact]
    public void YesNo_SaysReplyYesOrNo_InThePersonsLanguage()
    {
        Assert.EndsWith("Reply YES or NO", SmsRenderer.RenderOne(Ask("safe")));
        Assert.EndsWith("Atebwch IE neu NA", SmsRenderer.RenderOne(Ask("safe", "cy")));
    }

    [Fact]
    public void Choice_ListsNumberedOptions()
    {
        var text = SmsRenderer.RenderOne(Ask("matters"));

        Assert.Equal("What matters most to you this year?\n1 Friends and family\n2 Work or volunteering\n3 My health\nReply 1 to 3", text);
    }

    [Fact]
    public void OptionalQuestion_SaysSkipIsAllowed()
    {
        Assert.Contains("or SKIP to leave it out", SmsRenderer.RenderOne(Ask("when")));
        Assert.DoesNotContain("SKIP", SmsRenderer.RenderOne(Ask("visits")));
    }

    [Fact]
    public void Render_JoinsPromptsIntoOneText_WhenTheyFitOneSegment()
    {
        var texts = SmsRenderer.Render([Prompt.Hint("Please reply yes or no.", "en"), Ask("safe")]);

        var text = Assert.Single(texts);
        Assert.Equal("Please reply yes or no.\nDo you feel safe at home?\nReply YES or NO", text);
    }

    [Fact]
    public void Render_KeepsPromptsApart_WhenJoiningWouldMakeASecondSegment()
    {
        var intro = Prompt.Message(new string('a', 120), "en");

        var texts = SmsRenderer.Render([intro, Ask("happy")]);

        Assert.Equal(2, texts.Count);
        Assert.All(texts, t => Assert.Equal(1, SmsSegments.Count(t)));
    }
}
