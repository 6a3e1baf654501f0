using CoProduction.Channels.Twilio;
using CoProduction.Channels.Voice;
using Microsoft.Extensions.Logging.Abstractions;
using Moq;
using Twilio.Exceptions;

namespace CoProduction.Channels.Tests.Voice;

public class TwilioRestVoiceCallerTests
{
    private const string To = "+447700900123";
    private readonly Mock<ITwilioCallClient> _client = new(MockBehavior.Strict);

    private TwilioRestVoiceCaller Caller(string? publicBaseUrl = "https://surveys.example.org/", string? phoneNumber = "+447700900000") =>
        new(_client.Object,
            VoiceTestSupport.Monitor(new TwilioOptions { AccountSid = "AC1", AuthToken = "t", PhoneNumber = phoneNumber, PublicBaseUrl = publicBaseUrl }),
            NullLogger<TwilioRestVoiceCaller>.Instance);

    private void TwilioRefuses(int code, int status) =>
        _client.Setup(c => c.CreateCallAsync(It.IsAny<OutboundCall>(), It.IsAny<CancellationToken>()))
            .ThrowsAsync(new ApiException(code, status, $"Twilio says no to {To}", "https://www.twilio.com/docs/errors/" + code, null, null));

    [Fact]
    public async Task CallAsync_AsksTwilioToCallOurWebhookWithTheInvitation_AndReportsTheCallSid()
    {
        OutboundCall? placed = null;
        _client.Setup(c => c.CreateCallAsync(It.IsAny<OutboundCall>(), It.IsAny<CancellationToken>()))
            .Callback<OutboundCall, CancellationToken>((call, _) => placed = call)
            .ReturnsAsync("CA0123456789abcdef0123456789abcdef");

        var result = await Caller().CallAsync(To, "inv 42/a", CancellationToken.None);

        Assert.True(result.Succeeded);
        Assert.Equal("CA0123456789abcdef0123456789abcdef", result.CallId);
        Assert.NotNull(placed);
        Assert.Equal(To, placed.To);
        Assert.Equal("+447700900000", placed.From);
        Assert.Equal("https://surveys.example.org/twilio/voice?invitation=inv%2042%2Fa", placed.Url.AbsoluteUri);
        Assert.Equal("https://surveys.example.org/twilio/status", placed.StatusCallback.AbsoluteUri);
    }

    [Fact]
    public void ToCreateOptions_TurnsOnMachineDetectionAndTheFourProgressEvents()
    {
        var call = TwilioRestVoiceCaller.Describe(To, "inv-1", "https://surveys.example.org", "+447700900000");

        var options = TwilioCallClient.ToCreateOptions(call);
        var parameters = options.GetParams().ToLookup(p => p.Key, p => p.Value);

        Assert.Equal("Enable", Assert.Single(parameters["MachineDetection"]));
        Assert.Equal(["initiated", "ringing", "answered", "completed"], parameters["StatusCallbackEvent"]);
        Assert.Equal("https://surveys.example.org/twilio/voice?invitation=inv-1", Assert.Single(parameters["Url"]));
        Assert.Equal("https://surveys.example.org/twilio/status", Assert.Single(parameters["StatusCallback"]));
        Assert.Equal(To, Assert.Single(parameters["To"]));
        Assert.Equal("+447700900000", Assert.Single(parameters["From"]));
    }

    [Theory]
    [InlineData(20429, 429, "20429", true)]
    [InlineData(0, 429, "429", true)]
    [InlineData(20500, 500, "20500", true)]
    [InlineData(0, 503, "503", true)]
    [InlineData(13224, 400, "13224", false)]
    [InlineData(21215, 400, "21215", false)]
    [InlineData(21211, 400, "21211", false)]
    [InlineData(21219, 400, "21219", false)]
    [InlineData(20003, 401, "20003", false)]
    [InlineData(21999, 400, "21999", false)]
    public async Task CallAsync_TurnsTwiliosRefusalsIntoValues(int code, int status, string errorCode, bool retryable)
    {
        TwilioRefuses(code, status);

        var result = await Caller().CallAsync(To, "inv-1", CancellationToken.None);

        Assert.False(result.Succeeded);
        Assert.Equal(errorCode, result.ErrorCode);
        Assert.Equal(retryable, result.Retryable);
        Assert.DoesNotContain(To, result.Reason);
    }

    [Fact]
    public async Task CallAsync_ReportsARetryableFailure_WhenTwilioCannotBeReached()
    {
        _client.Setup(c => c.CreateCallAsync(It.IsAny<OutboundCall>(), It.IsAny<CancellationToken>())).ThrowsAsync(new HttpRequestException(HttpRequestError.ConnectionError, "no route"));

        var result = await Caller().CallAsync(To, "inv-1", CancellationToken.None);

        Assert.False(result.Succeeded);
        Assert.Equal(VoiceCallResult.UnreachableCode, result.ErrorCode);
        Assert.True(result.Retryable);
    }

    [Fact]
    public async Task CallAsync_DoesNotCallTwilio_WithoutAPublicBaseUrl()
    {
        // Strict mock: any call to the client fails the test.
        var result = await Caller(publicBaseUrl: null).CallAsync(To, "inv-1", CancellationToken.None);

        Assert.False(result.Succeeded);
        Assert.Equal(VoiceCallResult.NoPublicUrlCode, result.ErrorCode);
        Assert.False(result.Retryable);
        Assert.Contains("Twilio:PublicBaseUrl", result.Reason);
    }
}
