using CoProduction.Bot.Conversations;
using CoProduction.Channels.Voice;
using CoProduction.Surveys.Understanding;

namespace CoProduction.Bot.Tests.Conversations;

public sealed class VoiceWordingTests
{
    [Fact]
    public void ACallReadsChoicesOut_InTheWordsOfTheLanguagesPhraseFile()
    {
        var options = new VoiceOptions();
        options.Languages["cy"].PressWord = "Press";

        VoiceWording.Apply(options);

        var welsh = options.For("cy");
        Assert.Equal((Phrases.Welsh.PressWord, Phrases.Welsh.ForWord, Phrases.Welsh.OrSayYourAnswer), (welsh.PressWord, welsh.ForWord, welsh.OrSayYourAnswer));
        Assert.Equal("Pwyswch 1 am Ie, pwyswch 2 am Na, neu dywedwch eich ateb.", VoiceChoiceWording.Describe(["Ie", "Na"], welsh, keys: true, speech: true));
        Assert.Equal("Press 1 for Yes, press 2 for No, or say your answer.", VoiceChoiceWording.Describe(["Yes", "No"], options.For("en"), keys: true, speech: true));
    }
}
