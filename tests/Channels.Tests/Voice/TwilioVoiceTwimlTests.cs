using System.Xml.Linq;
using CoProduction.Channels.Voice;
using Microsoft.Bot.Builder;
using Microsoft.Bot.Schema;

namespace CoProduction.Channels.Tests.Voice;

/// <summary>The mapper's outgoing half: the bot's replies as TwiML, checked as XML.</summary>
public class TwilioVoiceTwimlTests
{
    private static readonly VoiceLinks Links = new("/twilio/voice/gather", "inv-7", 2);
    private readonly TwilioVoiceMapper _mapper = VoiceTestSupport.Mapper();

    private XElement Render(params IActivity[] replies)
    {
        var doc = XDocument.Parse(_mapper.ToTwiml(replies, Links));
        Assert.Equal("Response", doc.Root!.Name.LocalName);
        return doc.Root;
    }

    private static Activity Text(string text, string? locale = null)
    {
        var a = MessageFactory.Text(text);
        a.Locale = locale;
        return a;
    }

    private static Activity Question(string text, string? locale = null, object? channelData = null, params (string Title, string Value)[] choices)
    {
        var a = Text(text, locale);
        a.InputHint = InputHints.ExpectingInput;
        a.ChannelData = channelData;
        if (choices.Length > 0)
        {
            a.SuggestedActions = new SuggestedActions { Actions = choices.Select(c => new CardAction(ActionTypes.ImBack, c.Title, value: c.Value)).ToList() };
        }

        return a;
    }

    private static string[] Verbs(XElement parent) => parent.Elements().Select(e => e.Name.LocalName).ToArray();

    [Theory]
    [InlineData("en", "Polly.Amy-Neural", "en-GB")]
    [InlineData("en-GB", "Polly.Amy-Neural", "en-GB")]
    [InlineData("cy", "Polly.Gwyneth", "cy-GB")]
    [InlineData("cy-GB", "Polly.Gwyneth", "cy-GB")]
    [InlineData(null, "Polly.Amy-Neural", "en-GB")]
    [InlineData("fr", "Polly.Amy-Neural", "en-GB")]
    public void ToTwiml_SaysEachTextInTheVoiceForItsLanguage(string? locale, string voice, string language)
    {
        var twiml = Render(Text("Diolch / Thank you", locale));

        var say = twiml.Element("Say")!;
        Assert.Equal("Diolch / Thank you", say.Value);
        Assert.Equal(voice, (string?)say.Attribute("voice"));
        Assert.Equal(language, (string?)say.Attribute("language"));
    }

    [Fact]
    public void ToTwiml_EndsWithHangup_WhenNothingExpectsAnAnswer()
    {
        var twiml = Render(Text("Thank you."), Text("Goodbye."));

        Assert.Equal(["Say", "Say", "Hangup"], Verbs(twiml));
    }

    [Fact]
    public void ToTwiml_HangsUp_WhenTheBotSentNothing()
    {
        Assert.Equal(["Hangup"], Verbs(Render()));
    }

    [Fact]
    public void ToTwiml_WrapsTheLastQuestionInAGatherForKeysAndSpeech_ThenRedirectsSilenceBackToUs()
    {
        var twiml = Render(Text("Hello."), Question("How happy are you with your support?"));

        Assert.Equal(["Say", "Gather", "Redirect"], Verbs(twiml));
        var gather = twiml.Element("Gather")!;
        Assert.Equal("dtmf speech", (string?)gather.Attribute("input"));
        Assert.Equal("POST", (string?)gather.Attribute("method"));
        Assert.Equal("/twilio/voice/gather?invitation=inv-7&turn=2", (string?)gather.Attribute("action"));
        Assert.Equal("5", (string?)gather.Attribute("timeout"));
        Assert.Equal("auto", (string?)gather.Attribute("speechTimeout"));
        Assert.Equal("en-GB", (string?)gather.Attribute("language"));
        Assert.Equal(["How happy are you with your support?"], gather.Elements("Say").Select(s => s.Value));
        var redirect = twiml.Element("Redirect")!;
        Assert.Equal("POST", (string?)redirect.Attribute("method"));
        Assert.Equal("/twilio/voice/gather?invitation=inv-7&turn=2&noinput=1", redirect.Value);
    }

    [Fact]
    public void ToTwiml_TakesNumDigitsFinishOnKeyTimeoutAndHintsFromTheGatherSpec()
    {
        var twiml = Render(Question("How many visits?", channelData: new
        {
            gather = new { numDigits = 2, finishOnKey = "#", timeoutSeconds = 8, hints = new[] { "none", "twelve" } },
        }));

        var gather = twiml.Element("Gather")!;
        Assert.Equal("2", (string?)gather.Attribute("numDigits"));
        Assert.Equal("#", (string?)gather.Attribute("finishOnKey"));
        Assert.Equal("8", (string?)gather.Attribute("timeout"));
        Assert.Equal("none, twelve", (string?)gather.Attribute("hints"));
    }

    [Fact]
    public void ToTwiml_WaitsLonger_ForASlowerPace()
    {
        var twiml = Render(Question("Are you safe at home?", channelData: new { gather = new { slowPace = true } }));

        Assert.Equal("10", (string?)twiml.Element("Gather")!.Attribute("timeout"));
    }

    [Fact]
    public void ToTwiml_ListensOnlyForSpeech_WhenTheSpecSaysSpeechOnly()
    {
        var twiml = Render(Question("What one thing should we change?", channelData: """{"gather":{"speechOnly":true,"numDigits":1}}"""));

        var gather = twiml.Element("Gather")!;
        Assert.Equal("speech", (string?)gather.Attribute("input"));
        Assert.Null(gather.Attribute("numDigits"));
    }

    [Fact]
    public void ToTwiml_ReadsTheChoicesWithTheirKeys_AndHintsTheirWords()
    {
        var twiml = Render(Question(
            "What matters most to you this year?",
            channelData: new { gather = new { numDigits = 1, hints = new[] { "family" } } },
            choices: [("Friends and family", "friends"), ("Work", "work")]));

        var gather = twiml.Element("Gather")!;
        Assert.Equal(
            ["What matters most to you this year?", "Press 1 for Friends and family, press 2 for Work, or say your answer."],
            gather.Elements("Say").Select(s => s.Value));
        Assert.Equal("Friends and family, friends, Work, family", (string?)gather.Attribute("hints"));
        // Key N is turned back into the Nth value from the action URL alone.
        Assert.Equal("/twilio/voice/gather?invitation=inv-7&turn=2&k=friends&k=work", (string?)gather.Attribute("action"));
    }

    [Fact]
    public void ToTwiml_ReadsTheChoicesInWelsh_ForAWelshQuestion()
    {
        var twiml = Render(Question("Beth sydd bwysicaf i chi eleni?", "cy", choices: [("Ffrindiau a theulu", "friends"), ("Gwaith", "work")]));

        var gather = twiml.Element("Gather")!;
        var says = gather.Elements("Say").ToArray();
        Assert.Equal("Pwyswch 1 am Ffrindiau a theulu, pwyswch 2 am Gwaith, neu dywedwch eich ateb.", says[1].Value);
        Assert.All(says, s => Assert.Equal("Polly.Gwyneth", (string?)s.Attribute("voice")));
        Assert.Equal("cy-GB", (string?)gather.Attribute("language"));
        Assert.Contains("lang=cy", (string?)gather.Attribute("action"));
        Assert.Contains("lang=cy", twiml.Element("Redirect")!.Value);
    }

    [Fact]
    public void ToTwiml_DoesNotReadOutPress1For1_ForANumberedScale()
    {
        var twiml = Render(Question("Press a number from 1 to 5.", choices: [("1", "1"), ("2", "2"), ("3", "3"), ("4", "4"), ("5", "5")]));

        Assert.Equal(["Press a number from 1 to 5."], twiml.Element("Gather")!.Elements("Say").Select(s => s.Value));
    }

    [Fact]
    public void ToTwiml_EscapesChoiceValuesInTheActionUrlOnce()
    {
        var twiml = Render(Question("Pick one", choices: [("A & B", "a&b=c d+ŵ")]));

        Assert.Equal("/twilio/voice/gather?invitation=inv-7&turn=2&k=a%26b%3Dc%20d%2B%C5%B5", (string?)twiml.Element("Gather")!.Attribute("action"));
    }

    [Fact]
    public void ToTwiml_HangsUpInsteadOfAsking_WhenTheBotEndsTheConversation()
    {
        var twiml = Render(Question("Anything else?"), Text("Goodbye."), new Activity(ActivityTypes.EndOfConversation));

        Assert.Equal(["Say", "Say", "Hangup"], Verbs(twiml));
    }

    [Fact]
    public void ToTwiml_HangsUp_WhenChannelDataAsksForIt()
    {
        var twiml = Render(Question("Bye now", channelData: new { hangup = true }));

        Assert.Equal(["Say", "Hangup"], Verbs(twiml));
    }

    [Fact]
    public void ToTwiml_KeepsWordsAfterTheQuestionInsideTheGather_SoTheCallerCanAnswerStraightAway()
    {
        var twiml = Render(Question("Do you feel safe at home?"), Text("Press star to hear it again."));

        Assert.Equal(["Gather", "Redirect"], Verbs(twiml));
        Assert.Equal(2, twiml.Element("Gather")!.Elements("Say").Count());
    }

    [Fact]
    public void ToTwiml_UsesAnAbsoluteActionUrl_WhenLinksAreAbsolute()
    {
        var doc = XDocument.Parse(_mapper.ToTwiml([Question("Ready?")], new VoiceLinks("https://surveys.example.org/twilio/voice/gather", null, 1)));

        Assert.Equal("https://surveys.example.org/twilio/voice/gather?turn=1", (string?)doc.Root!.Element("Gather")!.Attribute("action"));
    }
}
