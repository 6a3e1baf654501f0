using CoProduction.Bot.Scheduling;
using CoProduction.Channels.Twilio;
using CoProduction.Scheduling.Delivery;

namespace CoProduction.Bot.Tests.Scheduling;

/// <summary>What each status Twilio reports means for an invitation, texts and calls side by side.</summary>
public sealed class TwilioDeliveryStatesTests
{
    [Theory]
    [InlineData("delivered", DeliveryState.Delivered, DeliveryState.Delivered)]
    [InlineData("read", DeliveryState.Delivered, DeliveryState.Delivered)]
    [InlineData("undelivered", DeliveryState.Failed, DeliveryState.Failed)]
    [InlineData("failed", DeliveryState.Failed, DeliveryState.Failed)]
    [InlineData("canceled", DeliveryState.Failed, DeliveryState.Failed)]
    [InlineData("busy", DeliveryState.Failed, DeliveryState.RetryLater)]
    [InlineData("no-answer", DeliveryState.Failed, DeliveryState.RetryLater)]
    [InlineData("in-progress", DeliveryState.InProgress, DeliveryState.Delivered)]
    [InlineData("completed", DeliveryState.InProgress, DeliveryState.Delivered)]
    [InlineData("queued", DeliveryState.InProgress, DeliveryState.InProgress)]
    [InlineData("ringing", DeliveryState.InProgress, DeliveryState.InProgress)]
    [InlineData("something-new", DeliveryState.InProgress, DeliveryState.InProgress)]
    public void Of_MapsEachStatus_ForTextsAndForCalls(string status, DeliveryState forText, DeliveryState forCall)
    {
        Assert.Equal(forText, TwilioDeliveryStates.Of(Callback(TwilioStatusCallbackKind.Message, status), machine: false));
        Assert.Equal(forCall, TwilioDeliveryStates.Of(Callback(TwilioStatusCallbackKind.Call, status), machine: false));
    }

    [Theory]
    [InlineData("in-progress")]
    [InlineData("completed")]
    public void Of_RetriesLater_WhenAnAnsweringMachineTookTheCall(string status) =>
        Assert.Equal(DeliveryState.RetryLater, TwilioDeliveryStates.Of(Callback(TwilioStatusCallbackKind.Call, status), machine: true));

    [Fact]
    public void Of_ReadsTwiliosOptedOutError_AsOptedOut_WhateverTheStatus() =>
        Assert.Equal(DeliveryState.OptedOut, TwilioDeliveryStates.Of(Callback(TwilioStatusCallbackKind.Message, "undelivered", 21610), machine: false));

    private static TwilioStatusCallback Callback(TwilioStatusCallbackKind kind, string status, int? error = null) =>
        new(kind, "SM1", TwilioStatusCallback.ToStatus(status), status, error, null, null, new Dictionary<string, string>());
}
