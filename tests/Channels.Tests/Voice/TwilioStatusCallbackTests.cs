using CoProduction.Channels.Twilio;

namespace CoProduction.Channels.Tests.Voice;

/// <summary>POST /twilio/status, shared by texts and calls (kept here with the voice work that added it).</summary>
public class TwilioStatusCallbackTests
{
    [Fact]
    public void Parse_ReadsACompletedCall_WithItsDurationAndOurQuery()
    {
        var callback = TwilioStatusCallback.Parse(VoiceTestSupport.Form("status-call-completed.txt"), "?invitation=inv-42");

        Assert.NotNull(callback);
        Assert.Equal(TwilioStatusCallbackKind.Call, callback.Kind);
        Assert.Equal("CA9a8b7c6d5e4f30210123456789abcdef", callback.Sid);
        Assert.Equal(TwilioCallbackStatus.Completed, callback.Status);
        Assert.Equal(94, callback.CallDurationSeconds);
        Assert.Null(callback.ErrorCode);
        Assert.True(callback.IsFinal);
        Assert.Equal("inv-42", callback.Query["invitation"]);
    }

    [Fact]
    public void Parse_ReadsAnUndeliveredText_WithItsErrorCode()
    {
        var callback = TwilioStatusCallback.Parse(VoiceTestSupport.Form("status-sms-undelivered.txt"));

        Assert.NotNull(callback);
        Assert.Equal(TwilioStatusCallbackKind.Message, callback.Kind);
        Assert.Equal("SM5f3c2a1b9d8e7f6a5b4c3d2e1f0a9b8c", callback.Sid);
        Assert.Equal(TwilioCallbackStatus.Undelivered, callback.Status);
        Assert.Equal(30003, callback.ErrorCode);
        Assert.Empty(callback.Query);
    }

    [Theory]
    [InlineData("queued", TwilioCallbackStatus.Queued, false)]
    [InlineData("sent", TwilioCallbackStatus.Sent, false)]
    [InlineData("delivered", TwilioCallbackStatus.Delivered, true)]
    [InlineData("undelivered", TwilioCallbackStatus.Undelivered, true)]
    [InlineData("failed", TwilioCallbackStatus.Failed, true)]
    [InlineData("initiated", TwilioCallbackStatus.Initiated, false)]
    [InlineData("ringing", TwilioCallbackStatus.Ringing, false)]
    [InlineData("in-progress", TwilioCallbackStatus.InProgress, false)]
    [InlineData("completed", TwilioCallbackStatus.Completed, true)]
    [InlineData("busy", TwilioCallbackStatus.Busy, true)]
    [InlineData("no-answer", TwilioCallbackStatus.NoAnswer, true)]
    [InlineData("canceled", TwilioCallbackStatus.Canceled, true)]
    [InlineData("Completed", TwilioCallbackStatus.Completed, true)]
    [InlineData("teleported", TwilioCallbackStatus.Unknown, false)]
    [InlineData("", TwilioCallbackStatus.Unknown, false)]
    public void Parse_KnowsEachCallStatus_AndKeepsUnknownOnesAsText(string status, TwilioCallbackStatus expected, bool final)
    {
        var callback = TwilioStatusCallback.Parse(new Dictionary<string, string> { ["CallSid"] = "CA1", ["CallStatus"] = status, ["CallDuration"] = "x", ["AnsweredBy"] = "machine_start" });

        Assert.NotNull(callback);
        Assert.Equal(expected, callback.Status);
        Assert.Equal(final, callback.IsFinal);
        Assert.Equal(status, callback.StatusText);
        Assert.Null(callback.CallDurationSeconds);
        Assert.Equal("machine_start", callback.AnsweredBy);
    }

    [Fact]
    public void Parse_ReadsOlderSmsFieldNames()
    {
        var callback = TwilioStatusCallback.Parse(new Dictionary<string, string> { ["SmsSid"] = "SM1", ["SmsStatus"] = "sent" });

        Assert.Equal(TwilioStatusCallbackKind.Message, callback!.Kind);
        Assert.Equal(TwilioCallbackStatus.Sent, callback.Status);
    }

    [Theory]
    [InlineData("")]
    [InlineData("?%%%")]
    public void Parse_ReturnsNull_WhenTheFormNamesNoMessageOrCall(string query) =>
        Assert.Null(TwilioStatusCallback.Parse(new Dictionary<string, string> { ["CallStatus"] = "completed" }, query));
}
