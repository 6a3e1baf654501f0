using System.Text.Json;
using CoProduction.Surveys.Definitions;
using CoProduction.Surveys.Engine;
using CoProduction.Surveys.Rendering;
using CoProduction.Surveys.Tests.Engine;

namespace CoProduction.Surveys.Tests.Rendering;

/// <summary>
/// A question's prompt and its SMS text are made once per question of a published version, language,
/// channel and easy-read choice (QuestionPrompts.For, SmsRenderer), not on every turn: what a person is
/// sent is what the prompt made afresh gave, and a question published again with new wording is asked
/// with the new wording.
/// </summary>
public sealed class KeptPromptsTests
{
    public static TheoryData<string, string, Channel, bool> Every()
    {
        var data = new TheoryData<string, string, Channel, bool>();
        foreach (var question in TestSurveys.Demo.Questions)
            foreach (var language in new[] { "en", "cy" })
                foreach (var channel in new[] { Channel.Sms, Channel.Voice, Channel.Web })
                    foreach (var easyRead in new[] { false, true })
                        data.Add(question.Id, language, channel, easyRead);
        return data;
    }

    [Theory]
    [MemberData(nameof(Every))]
    public void AKeptPrompt_AndItsText_AreWhatTheyWereMadeAfresh(string questionId, string language, Channel channel, bool easyRead)
    {
        var question = TestSurveys.Demo.FindQuestion(questionId)!;

        var kept = QuestionPrompts.For(question, language, channel, easyRead);
        var again = QuestionPrompts.For(question, language, channel, easyRead);
        var fresh = QuestionPrompts.Make(question, language, channel, easyRead);

        Assert.Equal(JsonSerializer.Serialize(fresh), JsonSerializer.Serialize(kept));
        Assert.Same(kept, again);
        Assert.Equal(SmsRenderer.Render([fresh]), SmsRenderer.Render([kept]));
        Assert.Equal(SmsRenderer.Render([fresh]), SmsRenderer.Render([again]));
        var thanks = Prompt.Message("Thanks.", language);
        Assert.Equal(SmsRenderer.Render([thanks, fresh]), SmsRenderer.Render([thanks, kept]));
    }

    [Fact]
    public void AQuestionPublishedAgainWithNewWording_IsAskedWithTheNewWording_AndTheOldVersionWithItsOwn()
    {
        var first = TestSurveys.Demo.FindQuestion("happy")!;
        var before = SmsRenderer.Render([QuestionPrompts.For(first, "en", Channel.Sms, false)]).Single();
        var republished = first with { Wording = Wording.Plain("How happy are you with the help you get?") };

        var after = SmsRenderer.Render([QuestionPrompts.For(republished, "en", Channel.Sms, false)]).Single();

        Assert.StartsWith("How happy are you with the help you get?\nReply 1 to 5", after);
        Assert.Equal(before, SmsRenderer.Render([QuestionPrompts.For(first, "en", Channel.Sms, false)]).Single());
        Assert.StartsWith("How happy are you with your support?", before);
    }

    [Fact]
    public void Languages_Channels_AndEasyRead_AreKeptApart()
    {
        var question = TestSurveys.Demo.FindQuestion("safe")!;

        Assert.EndsWith("Reply YES or NO", SmsRenderer.Render([QuestionPrompts.For(question, "en", Channel.Sms, false)]).Single());
        Assert.EndsWith("Atebwch IE neu NA", SmsRenderer.Render([QuestionPrompts.For(question, "cy", Channel.Sms, false)]).Single());
        foreach (var channel in new[] { Channel.Sms, Channel.Voice, Channel.Web })
            foreach (var easyRead in new[] { false, true })
                foreach (var language in new[] { "en", "cy" })
                    Assert.Equal(question.Wording.Resolve(language, channel, easyRead), QuestionPrompts.For(question, language, channel, easyRead).Text);
    }
}
