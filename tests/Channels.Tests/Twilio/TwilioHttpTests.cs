using System.Net;
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
}
