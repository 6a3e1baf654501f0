using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Http;
using Microsoft.Extensions.Options;
using CoProduction.Channels.Twilio;
using Polly;
using Polly.Timeout;

namespace CoProduction.Channels.Tests.Twilio;

/// <summary>Which failures of a request to Twilio are asked again: only those after which Twilio surely created nothing.</summary>
public class TwilioHttpTests
{
    public static TheoryData<int, bool> Statuses => new()
    {
        { 429, true }, { 500, true }, { 502, true }, { 503, true }, { 504, true },
        { 400, false }, { 401, false }, { 404, false }, { 201, false },
    };

    [Theory]
    [MemberData(nameof(Statuses))]
    public void IsSafeToRetry_OnlyForRefusals(int status, bool retried)
    {
        using var response = new HttpResponseMessage((HttpStatusCode)status);

        Assert.Equal(retried, TwilioHttp.IsSafeToRetry(Outcome.FromResult(response)));
    }

    [Fact]
    public void IsSafeToRetry_WhenNoConnectionWasMade_ButNotWhenTheAttemptTimedOutOrTheAnswerBroke()
    {
        Assert.True(TwilioHttp.IsSafeToRetry(Outcome.FromException<HttpResponseMessage>(new HttpRequestException(HttpRequestError.ConnectionError))));
        Assert.False(TwilioHttp.IsSafeToRetry(Outcome.FromException<HttpResponseMessage>(new TimeoutRejectedException())));
        Assert.False(TwilioHttp.IsSafeToRetry(Outcome.FromException<HttpResponseMessage>(new HttpRequestException(HttpRequestError.ResponseEnded))));
    }

    [Theory]
    [InlineData("https://api.twilio.com/2010-04-01/Accounts/AC1/Messages.json", "http://127.0.0.1:5050/", "http://127.0.0.1:5050/2010-04-01/Accounts/AC1/Messages.json")]
    [InlineData("https://api.twilio.com/2010-04-01/Accounts/AC1/Calls.json?x=1", "https://proxy.example.org/twilio", "https://proxy.example.org/twilio/2010-04-01/Accounts/AC1/Calls.json?x=1")]
    public void ApiBaseUrl_KeepsThePathAndQuery_OnTheConfiguredHost(string request, string root, string expected)
    {
        Assert.Equal(expected, TwilioApiBaseUrlHandler.Rebase(new Uri(request), new Uri(root)).ToString());
    }

    [Fact]
    public void AddTwilioHttp_Twice_ConfiguresTheClientAsOnce()
    {
        // Texts and calls both register it; stacked resilience handlers would retry the retries.
        Assert.Equal(HandlerActions(times: 1), HandlerActions(times: 2));
        Assert.True(HandlerActions(times: 1) > 0);
    }

    private static int HandlerActions(int times)
    {
        var services = new ServiceCollection().AddLogging();
        for (var i = 0; i < times; i++) services.AddTwilioHttp();
        using var provider = services.BuildServiceProvider();
        return provider.GetRequiredService<IOptionsMonitor<HttpClientFactoryOptions>>().Get(TwilioHttp.ClientName).HttpMessageHandlerBuilderActions.Count;
    }
}
