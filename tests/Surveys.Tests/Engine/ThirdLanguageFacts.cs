using CoProduction.Surveys.Definitions;
using CoProduction.Surveys.Engine;
using CoProduction.Surveys.Rendering;
using CoProduction.Surveys.Tests.Understanding;
using Microsoft.Extensions.Time.Testing;

namespace CoProduction.Surveys.Tests.Engine;

/// <summary>
/// A third language is one phrase file: with Zedish (a made-up language, tests/.../Phrases/zz.txt)
/// loaded and a survey that offers it, the service switches to it, helps, hints, offers it on a
/// call and speaks its instructions, with no code knowing about it.
/// </summary>
public sealed class ThirdLanguageFacts
{
    private static readonly SurveyDefinition Survey = TestSurveys.Demo with { Languages = ["en", "cy", "zz"] };
    private static readonly TestSurveys.Catalog Catalog = new(Survey);

    public ThirdLanguageFacts() => _ = PhrasesFacts.Zedish;

    private static SurveyEngine Engine() => new(new FakeTimeProvider(new DateTimeOffset(2026, 11, 26, 10, 0, 0, TimeSpan.Zero)), new EngineOptions());

    [Fact]
    public void TheLanguagesName_SwitchesToIt_AndEverythingTheServiceSaysFollows()
    {
        var engine = Engine();
        var started = engine.Handle(ConversationState.New, new Inbound("DEMO", Channel.Sms), Catalog);

        var switched = engine.Handle(started.State, new Inbound("zedish", Channel.Sms), Catalog);
        var help = engine.Handle(switched.State, new Inbound("HELP", Channel.Sms), Catalog);
        var unclear = engine.Handle(switched.State, new Inbound("banana", Channel.Sms), Catalog);

        Assert.Contains(switched.Events, e => e is LanguageChanged { Language: "zz" });
        Assert.Contains("Zeply 1 zo 5", SmsRenderer.RenderOne(switched.Replies.Single()), StringComparison.Ordinal);
        Assert.StartsWith("Zhis zs z zhort zurvey", help.Replies[0].Text, StringComparison.Ordinal);
        Assert.Equal("Zlease zeply zith z zumber zrom 1 zo 5.", unclear.Replies[0].Text);
    }

    [Fact]
    public void ACall_OffersIt_InItsOwnWords_AndSpeaksItsInstructions()
    {
        var engine = Engine();

        var menu = engine.Greet(ConversationState.New, Channel.Voice, Catalog, new Greeting(AskLanguage: true));
        var chosen = engine.Handle(menu.State, new Inbound("3", Channel.Voice), Catalog);
        var yes = engine.Handle(chosen.State, new Inbound("1", Channel.Voice), Catalog);

        Assert.Equal("For English, press 1. Am Gymraeg, pwyswch 2. Zor Zedish, zress 3.", menu.Replies.Single().Text);
        Assert.Equal(["English", "Cymraeg", "Zedish"], menu.Replies.Single().Input!.Choices.Select(c => c.Label));
        Assert.Contains(chosen.Events, e => e is LanguageChanged { Language: "zz" });
        Assert.Equal("Zello! Zould zou zike zo zo 'Demo check-in'?", chosen.Replies.Single().Text);
        Assert.Contains(yes.Events, e => e is SessionStarted { Language: "zz" });
        Assert.Contains("Zress z zumber zrom 1 zo 5", VoiceRenderer.Render(yes.Replies[^1]).Text, StringComparison.Ordinal);
    }
}
