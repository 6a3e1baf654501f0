using System.Text.Json;
using CoProduction.Channels.Voice;
using Microsoft.Bot.Builder;
using Newtonsoft.Json.Linq;

namespace CoProduction.Channels.Tests.Voice;

public class VoiceGatherTests
{
    private static VoiceGather? Read(object? channelData)
    {
        var activity = MessageFactory.Text("Question");
        activity.ChannelData = channelData;
        return VoiceGather.From(activity);
    }

    public static TheoryData<object> SameSpecInEveryShape() => new()
    {
        new { gather = new { numDigits = 1, finishOnKey = "#", timeoutSeconds = 7, hints = new[] { "friends" }, keys = true } },
        JObject.Parse("""{"gather":{"numDigits":1,"finishOnKey":"#","timeoutSeconds":7,"hints":["friends"]}}"""),
        """{"gather":{"numDigits":"1","finishOnKey":"#","timeoutSeconds":7,"hints":["friends"]}}""",
        JsonDocument.Parse("""{"gather":{"numDigits":1,"finishOnKey":"#","timeoutSeconds":7,"hints":["friends"]}}""").RootElement.Clone(),
        new Dictionary<string, object> { ["gather"] = new Dictionary<string, object> { ["numDigits"] = 1, ["finishOnKey"] = "#", ["timeoutSeconds"] = 7, ["hints"] = new[] { "friends" } } },
    };

    [Theory]
    [MemberData(nameof(SameSpecInEveryShape))]
    public void From_ReadsTheSpec_WhateverShapeTheChannelDataHas(object channelData)
    {
        var spec = Read(channelData);

        Assert.NotNull(spec);
        Assert.Equal(1, spec.NumDigits);
        Assert.Equal("#", spec.FinishOnKey);
        Assert.Equal(7, spec.TimeoutSeconds);
        Assert.Equal(["friends"], spec.Hints);
        Assert.True(spec.Keys);
        Assert.True(spec.Speech);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("not json")]
    [InlineData("{ broken")]
    [InlineData("""{"other":1}""")]
    [InlineData("""{"gather":"yes"}""")]
    public void From_ReturnsNull_WhenThereIsNoReadableSpec(string? channelData) => Assert.Null(Read(channelData));

    [Fact]
    public void From_IgnoresSillyNumbers_InsteadOfThrowing()
    {
        var spec = Read("""{"gather":{"numDigits":99999999999999,"timeoutSeconds":-3}}""");

        Assert.NotNull(spec);
        Assert.Equal(3600, spec.NumDigits);
        Assert.Null(spec.TimeoutSeconds);
    }

    [Fact]
    public void From_TurnsSpeechOnlyIntoNoKeys()
    {
        var spec = Read(new { gather = new { speechOnly = true } });

        Assert.False(spec!.Keys);
        Assert.True(spec.Speech);
    }

    [Theory]
    [InlineData("""{"hangup":true}""", true)]
    [InlineData("""{"hangup":false}""", false)]
    [InlineData("""{"gather":{}}""", false)]
    [InlineData(null, false)]
    public void AsksToHangUp_ReadsTheHangupFlag(string? channelData, bool expected)
    {
        var activity = MessageFactory.Text("Bye");
        activity.ChannelData = channelData;

        Assert.Equal(expected, VoiceGather.AsksToHangUp(activity));
    }
}
