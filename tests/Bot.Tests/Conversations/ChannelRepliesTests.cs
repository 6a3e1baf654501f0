using CoProduction.Bot.Conversations;
using CoProduction.Surveys.Definitions;
using CoProduction.Surveys.Engine;
using Newtonsoft.Json.Linq;

namespace CoProduction.Bot.Tests.Conversations;

public sealed class ChannelRepliesTests
{
    private static Prompt Question(QuestionType type, bool optional, string language = "en", params PromptChoice[] choices) =>
        new(PromptKind.Question, "A question?", language) { Input = new InputSpec(type) { Optional = optional, Choices = choices, Min = 1, Max = 5 } };

    [Fact]
    public void Web_OffersASkipButton_OnlyForOptionalQuestions()
    {
        var optional = ChannelReplies.For(Channel.Web, [Question(QuestionType.Date, optional: true)]).Single();
        var required = ChannelReplies.For(Channel.Web, [Question(QuestionType.Date, optional: false)]).Single();
        var welsh = ChannelReplies.For(Channel.Web, [Question(QuestionType.Text, optional: true, language: "cy")]).Single();

        var skip = Assert.Single(optional.SuggestedActions.Actions);
        Assert.Equal("skip", skip.Value);
        Assert.Equal("Skip", skip.Title);
        Assert.Null(required.SuggestedActions);
        Assert.Equal("Hepgor", Assert.Single(welsh.SuggestedActions.Actions).Title);
    }

    [Fact]
    public void Web_ShowsChoicesAsButtons_WithTheReplyAsValue()
    {
        var reply = ChannelReplies.For(Channel.Web, [Question(QuestionType.YesNo, false, "en", new PromptChoice("yes", "Yes"), new PromptChoice("no", "No"))]).Single();

        Assert.Equal(["yes", "no"], reply.SuggestedActions.Actions.Select(a => (string)a.Value));
        Assert.Equal("expectingInput", reply.InputHint);
    }

    [Fact]
    public void Voice_ListensForOneKey_OnAScale()
    {
        var reply = ChannelReplies.For(Channel.Voice, [Question(QuestionType.Scale, false)], slowPace: true).Single();

        var gather = JObject.FromObject(reply.ChannelData)["gather"]!;
        Assert.Equal(1, (int)gather["numDigits"]!);
        Assert.True((bool)gather["slowPace"]!);
        Assert.Contains("Press a number from 1 to 5", reply.Text);
    }

    [Fact]
    public void Replies_SurviveBeingStoredForARetriedWebhook()
    {
        var replies = ChannelReplies.For(Channel.Voice, [Prompt.Message("Hello!", "en"), Question(QuestionType.Number, false)]);

        var again = ChannelReplies.Deserialize(ChannelReplies.Serialize(replies));

        Assert.Equal(replies.Select(r => r.Text), again.Select(r => r.Text));
        Assert.Equal("#", (string?)JObject.FromObject(again[1].ChannelData)["gather"]!["finishOnKey"]);
        Assert.Equal("expectingInput", again[1].InputHint);
    }

    [Theory]
    [InlineData("Thank you. Your answers help us change things.")]
    [InlineData("{not JSON} but a text that starts like it")]
    public void SmsReplies_ComeBackTheSame_ForARetriedWebhook(string text)
    {
        var replies = ChannelReplies.For(Channel.Sms, [Prompt.Message(text, "en")]);

        var stored = ChannelReplies.Serialize(replies);
        var again = Assert.Single(ChannelReplies.Deserialize(stored));

        Assert.Equal(text, again.Text);
        Assert.Equal("message", again.Type);
        Assert.Equal("acceptingInput", again.InputHint);
        // A plain text is kept as it is (no JSON to write and read on every turn); one that looks like JSON is not.
        Assert.Equal(text.StartsWith('{'), Assert.Single(stored).StartsWith("{\"", StringComparison.Ordinal));
    }

    [Fact]
    public void WebReplies_KeepTheirButtonsAndLanguage_WhenStored()
    {
        var replies = ChannelReplies.For(Channel.Web, [Question(QuestionType.YesNo, false, "cy", new PromptChoice("yes", "Ie"))]);

        var again = Assert.Single(ChannelReplies.Deserialize(ChannelReplies.Serialize(replies)));

        Assert.Equal("cy", again.Locale);
        Assert.Equal("yes", Assert.Single(again.SuggestedActions.Actions).Value);
    }
}
