using CoProduction.Channels.DirectLine;
using CoProduction.Channels.Tests.Twilio;
using CoProduction.Channels.Twilio;
using CoProduction.Channels.Voice;
using Microsoft.Bot.Builder;
using Microsoft.Bot.Schema;
using Microsoft.Extensions.Logging;

namespace CoProduction.Channels.Tests;

/// <summary>
/// The one rule for a failed turn, as a table: the kind of failure and the channel decide what the
/// person gets (words in their language, or Twilio asked to send the message again), on every channel.
/// </summary>
public sealed class TurnFailureRuleTests
{
    private const string Retry = "(Twilio asked to retry: 503)";

    /// <summary>Medium, kind, the person's language, what they get.</summary>
    public static TheoryData<FailureMedium, TurnFailureKind, string?, string> Answers => new()
    {
        { FailureMedium.Text, TurnFailureKind.Lasting, null, "Sorry, something went wrong on our side. Please try again in a few minutes." },
        { FailureMedium.Text, TurnFailureKind.Lasting, "cy", "Mae'n ddrwg gennym, aeth rhywbeth o'i le ar ein hochr ni. Rhowch gynnig arall arni ymhen ychydig funudau." },
        { FailureMedium.Text, TurnFailureKind.Passing, null, Retry },
        { FailureMedium.Text, TurnFailureKind.Passing, "cy", Retry },
        { FailureMedium.Call, TurnFailureKind.Lasting, "en-GB", "Sorry, something went wrong on our side. Please call back later." },
        { FailureMedium.Call, TurnFailureKind.Lasting, "cy-GB", "Mae'n ddrwg gennym, aeth rhywbeth o'i le ar ein hochr ni. Ffoniwch yn ôl yn nes ymlaen." },
        { FailureMedium.Call, TurnFailureKind.Passing, "cy-GB", Retry },
        { FailureMedium.Chat, TurnFailureKind.Lasting, null, "Sorry, something went wrong on our side. Please try again in a few minutes." },
        { FailureMedium.Chat, TurnFailureKind.Lasting, "cy", "Mae'n ddrwg gennym, aeth rhywbeth o'i le ar ein hochr ni. Rhowch gynnig arall arni ymhen ychydig funudau." },
        { FailureMedium.Chat, TurnFailureKind.Passing, null, "Sorry, we could not take that just now. Please try again in a moment." },
        { FailureMedium.Chat, TurnFailureKind.Passing, "cy", "Mae'n ddrwg gennym, doedd dim modd i ni gymryd hynny ar hyn o bryd. Rhowch gynnig arall arni mewn munud." },
    };

    private static TurnContext Turn(string? locale) => new(new NoAdapter(), new Activity
    {
        Type = ActivityTypes.Message, Id = "SM1", ChannelId = "sms", Text = "my secret answer", Locale = locale,
        From = new ChannelAccount("+447400100200"), Conversation = new ConversationAccount(id: "+447400100200"),
    });

    [Theory]
    [MemberData(nameof(Answers))]
    public async Task AFailedTurn_GetsTheAnswerForItsKindAndChannel_InThePersonsLanguage(FailureMedium medium, TurnFailureKind kind, string? language, string expected)
    {
        var logs = new CapturingLoggerProvider();
        FailureReply? answered = null;

        await TurnFailureRule.HandleAsync(logs.CreateLogger("CoProduction.Turns"), Turn(language), new InvalidOperationException("could not save my secret answer"), kind, medium,
            reply => { answered = reply; return Task.CompletedTask; });

        Assert.Equal(expected, answered!.AskTwilioToRetry ? Retry : answered.Words);
        Assert.Equal(language, answered.Language);
        // One line, with the failure's type, never what the person sent or their number.
        var line = Assert.Single(logs.Lines);
        Assert.Contains("InvalidOperationException", line);
        Assert.DoesNotContain("secret", line);
        Assert.DoesNotContain("7400100200", line);
    }

    [Theory]
    [InlineData(TurnFailureKind.Lasting)]
    [InlineData(TurnFailureKind.Passing)]
    public async Task ATurnNobodyWaitsOn_GivesTheFailureBackToItsCaller(TurnFailureKind kind)
    {
        var failure = new InvalidOperationException("a job's turn failed");

        var thrown = await Assert.ThrowsAsync<InvalidOperationException>(() =>
            TurnFailureRule.HandleAsync(new CapturingLoggerProvider().CreateLogger("CoProduction.Turns"), Turn(null), failure, kind, FailureMedium.Text, answer: null));

        Assert.Same(failure, thrown);
    }

    private sealed class NoAdapter : BotAdapter
    {
        public override Task<ResourceResponse[]> SendActivitiesAsync(ITurnContext turnContext, Activity[] activities, CancellationToken cancellationToken) =>
            Task.FromResult(activities.Select(_ => new ResourceResponse()).ToArray());
        public override Task<ResourceResponse> UpdateActivityAsync(ITurnContext turnContext, Activity activity, CancellationToken cancellationToken) => throw new NotSupportedException();
        public override Task DeleteActivityAsync(ITurnContext turnContext, ConversationReference reference, CancellationToken cancellationToken) => throw new NotSupportedException();
    }
}
