using CoProduction.Surveys.Definitions;
using CoProduction.Surveys.Engine;
using Microsoft.Extensions.Time.Testing;

namespace CoProduction.Surveys.Tests.Engine;

/// <summary>
/// The engine tells channels apart only by what the input says they can do: the same channel
/// with other capabilities behaves as those capabilities say.
/// </summary>
public sealed class ChannelCapabilitiesFacts
{
    private static readonly SurveyEngine Engine = new(new FakeTimeProvider(new DateTimeOffset(2026, 11, 26, 10, 0, 0, TimeSpan.Zero)), new EngineOptions());
    private static readonly TestSurveys.Catalog Catalog = new(TestSurveys.Demo);

    private static ConversationState AtQuestion(string id)
    {
        var started = Engine.Start(ConversationState.New, new PublishedSurvey(TestSurveys.Demo, 1), Channel.Voice).State;
        var index = TestSurveys.Demo.Questions.ToList().FindIndex(q => q.Id == id);
        return started with { Session = started.Session! with { QuestionIndex = index } };
    }

    [Fact]
    public void Star_AsksAgain_OnlyWhereThereIsAKeypad()
    {
        var withKeypad = Engine.Handle(AtQuestion("safe"), new Inbound("*", Channel.Voice), Catalog);
        var withoutKeypad = Engine.Handle(AtQuestion("safe"), new Inbound("*", Channel.Voice) { Capabilities = ChannelCapabilities.Voice with { HasKeypad = false } }, Catalog);

        Assert.DoesNotContain(withKeypad.Replies, p => p.Kind == PromptKind.Hint);
        Assert.Contains(withoutKeypad.Replies, p => p.Kind == PromptKind.Hint);
    }

    [Theory]
    [InlineData("en", "maybe", "Choose yes or no.", "Sorry, I didn't catch that. Please say yes or no.", "Please reply yes or no.")]
    [InlineData("cy", "efallai", "Dewiswch ie neu na.", "Mae'n ddrwg gen i, chlywais i ddim yn iawn. Dywedwch ie neu na, os gwelwch yn dda.", "Atebwch ie neu na, os gwelwch yn dda.")]
    public void AnUnclearAnswer_IsHintedInTheChannelsOwnWords(string language, string reply, string onAForm, string onACall, string inAChat)
    {
        var state = AtQuestion("safe");
        state = state with { Session = state.Session! with { Language = language } };

        var form = Engine.Handle(state, new Inbound(reply, Channel.Voice) { Capabilities = ChannelCapabilities.Interview }, Catalog);
        var call = Engine.Handle(state, new Inbound(reply, Channel.Voice), Catalog);
        var chat = Engine.Handle(state, new Inbound(reply, Channel.Web), Catalog);

        Assert.Equal(onAForm, form.Replies.Single(p => p.Kind == PromptKind.Hint).Text);
        Assert.Equal(onACall, call.Replies.Single(p => p.Kind == PromptKind.Hint).Text);
        Assert.Equal(inAChat, chat.Replies.Single(p => p.Kind == PromptKind.Hint).Text);
    }

    [Fact]
    public void FourKeys_AreADayAndMonth_OnlyWhereThereIsAKeypad()
    {
        var withKeypad = Engine.Handle(AtQuestion("when"), new Inbound("1403", Channel.Voice), Catalog);
        var withoutKeypad = Engine.Handle(AtQuestion("when"), new Inbound("1403", Channel.Voice) { Capabilities = ChannelCapabilities.Voice with { HasKeypad = false } }, Catalog);

        Assert.Contains(withKeypad.Events, e => e is AnswerRecorded { QuestionId: "when", Value: "2027-03-14" });
        Assert.DoesNotContain(withoutKeypad.Events, e => e is AnswerRecorded { Value: "2027-03-14" });
    }

    [Fact]
    public void NothingOpen_OffersTheMenu_WhereTheChannelCanOfferOne_EvenOverSms()
    {
        var plainText = Engine.Handle(ConversationState.New, new Inbound("hello", Channel.Sms), Catalog);
        var withMenu = Engine.Handle(ConversationState.New, new Inbound("hello", Channel.Sms) { Capabilities = ChannelCapabilities.Sms with { CanOfferMenu = true } }, Catalog);

        Assert.Null(plainText.State.Menu);
        Assert.Contains("DEMO", plainText.Replies.Single().Text, StringComparison.Ordinal);
        Assert.Equal(MenuKind.Survey, withMenu.State.Menu?.Kind);
    }

    [Fact]
    public void Start_LiftsAnOptOut_OnlyWhereTheTextComesFromTheirOwnPhone()
    {
        var optedOut = ConversationState.New with { OptedOut = true, PhoneOnRecord = true };

        var fromPhone = Engine.Handle(optedOut, new Inbound("START", Channel.Web) { Capabilities = ChannelCapabilities.Chat with { TextsFromOwnPhone = true } }, Catalog);
        var fromChat = Engine.Handle(optedOut, new Inbound("START", Channel.Web), Catalog);

        Assert.False(fromPhone.State.OptedOut);
        Assert.True(fromChat.State.OptedOut);
    }

    [Fact]
    public void Start_NeverLiftsAnOptOut_InAnInterview_EvenWithoutAPhoneOnRecord()
    {
        foreach (var phoneOnRecord in new[] { true, false })
        {
            var optedOut = ConversationState.New with { OptedOut = true, PhoneOnRecord = phoneOnRecord };

            var interview = Engine.Handle(optedOut, new Inbound("START", Channel.Interview) { Capabilities = ChannelCapabilities.Of(Channel.Interview) }, Catalog);

            Assert.True(interview.State.OptedOut);
            Assert.DoesNotContain(interview.Events, e => e is OptedIn);
        }
    }

    [Fact]
    public void Stop_InAnInterview_EndsTheSurveyAndIsRecorded()
    {
        var started = Engine.Start(ConversationState.New, new PublishedSurvey(TestSurveys.Demo, 1), Channel.Interview, capabilities: ChannelCapabilities.Interview);

        var stopped = Engine.Handle(started.State, new Inbound("please stop", Channel.Interview) { Capabilities = ChannelCapabilities.Interview }, Catalog);

        Assert.Equal(Channel.Interview, started.State.Session!.Channel);
        Assert.Contains(stopped.Events, e => e is OptedOut);
        Assert.Contains(stopped.Events, e => e is SessionEnded { Reason: SessionStatus.Stopped });
    }

    [Fact]
    public void SlowPace_MeansEasyRead_OnlyWhereEverythingIsHeard()
    {
        var slow = ConversationState.New with { SlowPace = true };

        var heard = Engine.Start(slow, new PublishedSurvey(TestSurveys.Demo, 1), Channel.Web, capabilities: ChannelCapabilities.Chat with { SpeaksAloud = true });
        var read = Engine.Start(slow, new PublishedSurvey(TestSurveys.Demo, 1), Channel.Web);

        Assert.True(heard.State.Session!.EasyRead);
        Assert.False(read.State.Session!.EasyRead);
    }
}
