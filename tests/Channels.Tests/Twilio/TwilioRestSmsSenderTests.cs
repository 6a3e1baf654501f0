using CoProduction.Channels.Twilio;
using Microsoft.Extensions.Logging.Abstractions;
using Moq;
using Twilio.Exceptions;

namespace CoProduction.Channels.Tests.Twilio;

public class TwilioRestSmsSenderTests
{
    private const string To = "+447700900123";
    private readonly Mock<ITwilioMessagingClient> _client = new(MockBehavior.Strict);

    private TwilioRestSmsSender Sender() => new(_client.Object, NullLogger<TwilioRestSmsSender>.Instance);

    private void TwilioRefuses(int code, int status) =>
        _client.Setup(c => c.CreateMessageAsync(To, "Hello", It.IsAny<CancellationToken>()))
            .ThrowsAsync(new ApiException(code, status, $"Twilio says no to {To}", "https://www.twilio.com/docs/errors/" + code, null, null));

    [Fact]
    public async Task SendAsync_ReturnsTheMessageSid_WhenTwilioAccepts()
    {
        _client.Setup(c => c.CreateMessageAsync(To, "Hello", It.IsAny<CancellationToken>())).ReturnsAsync("SM0123456789abcdef0123456789abcdef");

        var result = await Sender().SendAsync(To, "Hello", CancellationToken.None);

        Assert.True(result.Succeeded);
        Assert.Equal("SM0123456789abcdef0123456789abcdef", result.MessageId);
    }

    [Fact]
    public async Task SendAsync_ReturnsOptedOut_WhenTwilioSays21610()
    {
        TwilioRefuses(21610, 400);

        var result = await Sender().SendAsync(To, "Hello", CancellationToken.None);

        Assert.False(result.Succeeded);
        Assert.True(result.OptedOut);
        Assert.Equal("21610", result.ErrorCode);
        Assert.False(result.Retryable);
        Assert.Contains("opted out", result.Reason);
    }

    [Fact]
    public async Task SendAsync_ReturnsRetryableRateLimit_WhenTwilioSays20429()
    {
        TwilioRefuses(20429, 429);

        var result = await Sender().SendAsync(To, "Hello", CancellationToken.None);

        Assert.False(result.Succeeded);
        Assert.False(result.OptedOut);
        Assert.Equal("20429", result.ErrorCode);
        Assert.True(result.Retryable);
    }

    [Theory]
    [InlineData(0, 429, "429", true)]
    [InlineData(20500, 500, "20500", true)]
    [InlineData(21211, 400, "21211", false)]
    [InlineData(21614, 400, "21614", false)]
    [InlineData(12345, 400, "12345", false)]
    public void Map_SaysWhetherToRetry(int code, int status, string expectedCode, bool retryable)
    {
        var result = TwilioRestSmsSender.Map(code, status);

        Assert.Equal(expectedCode, result.ErrorCode);
        Assert.Equal(retryable, result.Retryable);
        Assert.False(string.IsNullOrWhiteSpace(result.Reason));
        Assert.DoesNotContain(To, result.Reason);
    }

    [Fact]
    public async Task SendAsync_ReturnsRetryableUnreachable_WhenTwilioCannotBeReached()
    {
        _client.Setup(c => c.CreateMessageAsync(To, "Hello", It.IsAny<CancellationToken>()))
            .ThrowsAsync(new ApiConnectionException("Connection Error: POST https://api.twilio.com"));

        var result = await Sender().SendAsync(To, "Hello", CancellationToken.None);

        Assert.Equal(SmsSendResult.UnreachableCode, result.ErrorCode);
        Assert.True(result.Retryable);
    }

    [Fact]
    public async Task SendAsync_LetsBugsThrough_InsteadOfCallingThemRefusals()
    {
        _client.Setup(c => c.CreateMessageAsync(To, "Hello", It.IsAny<CancellationToken>()))
            .ThrowsAsync(new InvalidOperationException("Twilio:PhoneNumber is not set"));

        await Assert.ThrowsAsync<InvalidOperationException>(() => Sender().SendAsync(To, "Hello", CancellationToken.None));
    }
}

/// <summary>What the sender tells the dispatcher when the HttpClient's resilience gave up (the SDK wraps it in ApiConnectionException).</summary>
public class TwilioRestSmsSenderResilienceTests
{
    private const string To = "+447700900123";
    private readonly Mock<ITwilioMessagingClient> _client = new(MockBehavior.Strict);

    private async Task<SmsSendResult> SendWhenTheClientThrowsAsync(Exception inner)
    {
        _client.Setup(c => c.CreateMessageAsync(To, "Hello", It.IsAny<CancellationToken>()))
            .ThrowsAsync(new ApiConnectionException("Connection Error: POST https://api.twilio.com/...", inner));
        return await new TwilioRestSmsSender(_client.Object, NullLogger<TwilioRestSmsSender>.Instance).SendAsync(To, "Hello", CancellationToken.None);
    }

    [Fact]
    public async Task SendAsync_WaitsToBeTriedAgain_WhenTheCircuitIsOpen()
    {
        var result = await SendWhenTheClientThrowsAsync(new Polly.CircuitBreaker.BrokenCircuitException());

        Assert.True(result.Retryable);
        Assert.Equal(TwilioHttp.PausedCode, result.ErrorCode);
        Assert.Equal("Twilio was not answering, so sending is paused for a short while. The text will be tried again.", result.Reason);
    }

    [Fact]
    public async Task SendAsync_IsNotTriedAgain_WhenTwilioDidNotAnswerInTime()
    {
        var result = await SendWhenTheClientThrowsAsync(new Polly.Timeout.TimeoutRejectedException());

        Assert.False(result.Retryable);
        Assert.Equal(TwilioHttp.UncertainCode, result.ErrorCode);
        Assert.Contains("It was not tried again, so nobody gets it twice.", result.Reason);
    }

    [Fact]
    public async Task SendAsync_IsNotTriedAgain_WhenTheConnectionBrokeAfterTheRequestWent()
    {
        var result = await SendWhenTheClientThrowsAsync(new HttpRequestException(HttpRequestError.ResponseEnded, "The response ended prematurely."));

        Assert.False(result.Retryable);
        Assert.Equal(TwilioHttp.UncertainCode, result.ErrorCode);
    }

    [Fact]
    public async Task SendAsync_IsTriedAgain_WhenNoConnectionCouldBeMade()
    {
        var result = await SendWhenTheClientThrowsAsync(new HttpRequestException(HttpRequestError.ConnectionError, "Connection refused"));

        Assert.True(result.Retryable);
        Assert.Equal(SmsSendResult.UnreachableCode, result.ErrorCode);
    }
}
