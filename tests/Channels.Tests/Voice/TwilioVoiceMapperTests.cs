using CoProduction.Channels.Voice;
using Microsoft.Bot.Schema;

namespace CoProduction.Channels.Tests.Voice;

public class TwilioVoiceMapperTests
{
    private const string CallSid = "CA1f2e3d4c5b6a79880123456789abcdef";
    private readonly TwilioVoiceMapper _mapper = VoiceTestSupport.Mapper();

    private Activity Map(string fixture, string? query = null, Action<Dictionary<string, string>>? change = null)
    {
        var form = VoiceTestSupport.Form(fixture);
        change?.Invoke(form);
        var result = _mapper.Map(form, query);
        Assert.True(result.Succeeded, result.Problem);
        return result.Activity;
    }

    [Fact]
    public void Map_TurnsAnInboundCallStartIntoAConversationUpdateWithTheCallerAdded()
    {
        var activity = Map("call-inbound-start.txt");

        Assert.Equal(ActivityTypes.ConversationUpdate, activity.Type);
        Assert.Equal("voice", activity.ChannelId);
        Assert.Equal(CallSid + ":0", activity.Id);
        Assert.Equal(CallSid, activity.Conversation.Id);
        Assert.Equal("+447700900123", activity.From.Id);
        Assert.Equal("+447700900000", activity.Recipient.Id);
        Assert.Equal("+447700900123", Assert.Single(activity.MembersAdded).Id);
        Assert.Null(activity.Text);
        var data = VoiceCallData.From(activity)!;
        Assert.Equal(VoiceInputType.None, data.InputType);
        Assert.False(data.NoInput);
        Assert.Equal(0, data.Turn);
        Assert.Equal("inbound", data.Direction);
    }

    [Fact]
    public void Map_GivesTheBotTheChosenValue_WhenAKeyPicksOneOfTheOfferedChoices()
    {
        var activity = Map("call-gather-digits.txt", "?turn=2&lang=cy&k=friends&k=work");

        Assert.Equal(ActivityTypes.Message, activity.Type);
        Assert.Equal("work", activity.Text);
        Assert.Equal(CallSid + ":2", activity.Id);
        Assert.Equal("cy", activity.Locale);
        var data = VoiceCallData.From(activity)!;
        Assert.Equal(VoiceInputType.Dtmf, data.InputType);
        Assert.Equal("2", data.Keys);
        Assert.Null(data.Confidence);
    }

    [Theory]
    [InlineData("?turn=1", "2")]
    [InlineData("?turn=1&k=only-one", "2")]
    public void Map_GivesTheBotTheKeysThemselves_WhenNoChoiceHasThatKey(string query, string expected)
    {
        var activity = Map("call-gather-digits.txt", query);

        Assert.Equal(expected, activity.Text);
        Assert.Null(VoiceCallData.From(activity)!.Keys);
        Assert.Equal(VoiceInputType.Dtmf, VoiceCallData.From(activity)!.InputType);
    }

    [Fact]
    public void Map_GivesTheBotTheWordsAndConfidence_WhenTheCallerSpoke()
    {
        var activity = Map("call-gather-speech.txt", "?turn=1&k=friends&k=work");

        Assert.Equal(ActivityTypes.Message, activity.Type);
        Assert.Equal("Friends and family.", activity.Text);
        var data = VoiceCallData.From(activity)!;
        Assert.Equal(VoiceInputType.Speech, data.InputType);
        Assert.Equal(0.9134523, data.Confidence!.Value, 7);
    }

    [Fact]
    public void Map_TurnsAMachineAnsweringOurCallIntoAnAnsweringMachineEvent_WithThePersonAsFrom()
    {
        var activity = Map("call-outbound-machine.txt", "?invitation=inv-42");

        Assert.Equal(ActivityTypes.Event, activity.Type);
        Assert.Equal(TwilioVoiceMapper.AnsweringMachineEventName, activity.Name);
        // Outbound: Twilio's To is the person we called, From is our number.
        Assert.Equal("+447700900123", activity.From.Id);
        Assert.Equal("+447700900000", activity.Recipient.Id);
        var data = VoiceCallData.From(activity)!;
        Assert.Equal("machine_start", data.AnsweredBy);
        Assert.Equal("inv-42", data.Invitation);
        Assert.Equal("outbound-api", data.Direction);
    }

    [Theory]
    [InlineData("human")]
    [InlineData("unknown")]
    public void Map_StartsTheConversation_WhenAPersonOrNobodyCanTellAnsweredOurCall(string answeredBy)
    {
        var activity = Map("call-outbound-machine.txt", "?invitation=inv-42", f => f["AnsweredBy"] = answeredBy);

        Assert.Equal(ActivityTypes.ConversationUpdate, activity.Type);
        Assert.Equal("+447700900123", activity.From.Id);
        Assert.Equal("inv-42", VoiceCallData.From(activity)!.Invitation);
    }

    [Theory]
    [InlineData("machine_start", true)]
    [InlineData("machine_end_beep", true)]
    [InlineData("machine_end_silence", true)]
    [InlineData("machine_end_other", true)]
    [InlineData("fax", true)]
    [InlineData("human", false)]
    [InlineData("unknown", false)]
    [InlineData(null, false)]
    public void IsMachine_KnowsTwiliosMachineDetectionAnswers(string? answeredBy, bool machine) =>
        Assert.Equal(machine, TwilioVoiceMapper.IsMachine(answeredBy));

    [Fact]
    public void Map_TurnsSilenceIntoAnEmptyNoInputMessage_WithItsOwnId()
    {
        var activity = Map("call-inbound-start.txt", "?turn=3&noinput=1&invitation=inv-1");

        Assert.Equal(ActivityTypes.Message, activity.Type);
        Assert.Equal(string.Empty, activity.Text);
        Assert.Equal(CallSid + ":3:noinput", activity.Id);
        var data = VoiceCallData.From(activity)!;
        Assert.True(data.NoInput);
        Assert.Equal(VoiceInputType.None, data.InputType);
        Assert.Equal("inv-1", data.Invitation);
    }

    [Fact]
    public void Map_GivesARetriedRequestTheSameId_AndTheNextTurnADifferentOne()
    {
        var first = Map("call-gather-digits.txt", "?turn=1");
        var retried = Map("call-gather-digits.txt", "?turn=1");
        var next = Map("call-gather-digits.txt", "?turn=2");

        Assert.Equal(first.Id, retried.Id);
        Assert.NotEqual(first.Id, next.Id);
    }

    [Fact]
    public void Map_ReturnsAPlainProblem_WhenThereIsNoCallSid()
    {
        var form = VoiceTestSupport.Form("call-inbound-start.txt");
        form.Remove("CallSid");

        var result = _mapper.Map(form, null);

        Assert.False(result.Succeeded);
        Assert.Equal("This call request could not be read: it has no CallSid.", result.Problem);
        Assert.DoesNotContain("+447700900123", result.Problem);
    }
}
