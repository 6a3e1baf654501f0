using System.Net;
using System.Text.Json;
using CoProduction.Channels.Twilio;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.Configuration;

namespace CoProduction.Channels.Tests.Twilio;

public class TwilioSignatureFilterTests
{
    private static readonly Dictionary<string, string> Form = WebhookFixtures.Form("sms-answer.txt");

    private static Task<WebApplication> StartAsync(Dictionary<string, string?>? settings = null, CapturingLoggerProvider? logs = null) =>
        TwilioTestApp.StartAsync(
            app => app.MapPost("/twilio/sms", (HttpRequest request) => Results.Text("reached " + request.Form["MessageSid"])).RequireTwilioSignature(),
            settings,
            logs: logs);

    [Fact]
    public async Task Post_ReachesTheEndpoint_WhenSignedForTheRequestUrl()
    {
        await using var app = await StartAsync();

        var response = await app.GetTestClient().SendAsync(
            TwilioTestApp.SignedPost("/twilio/sms?round=7", Form, "http://localhost/twilio/sms?round=7"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("reached SM5f3c2a1b9d8e7f6a5b4c3d2e1f0a9b8c", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Post_Returns403WithPlainProblem_WhenSignatureIsWrong()
    {
        await using var app = await StartAsync();

        var response = await app.GetTestClient().SendAsync(
            TwilioTestApp.SignedPost("/twilio/sms", Form, "http://localhost/twilio/sms", authToken: "ffffffffffffffffffffffffffffffff"));

        await AssertRefusedAsync(response);
    }

    [Fact]
    public async Task Post_Returns403_WhenSignatureIsMissing()
    {
        await using var app = await StartAsync();

        var response = await app.GetTestClient().PostAsync("/twilio/sms", new FormUrlEncodedContent(Form));

        await AssertRefusedAsync(response);
    }

    [Fact]
    public async Task Post_Returns403_WhenABodyFieldWasChangedAfterSigning()
    {
        await using var app = await StartAsync();
        var request = TwilioTestApp.SignedPost("/twilio/sms", Form, "http://localhost/twilio/sms");
        request.Content = new FormUrlEncodedContent(new Dictionary<string, string>(Form) { ["Body"] = "5" });

        var response = await app.GetTestClient().SendAsync(request);

        await AssertRefusedAsync(response);
    }

    [Fact]
    public async Task Post_Returns403_WhenTheQueryStringWasChangedAfterSigning()
    {
        await using var app = await StartAsync();

        var response = await app.GetTestClient().SendAsync(
            TwilioTestApp.SignedPost("/twilio/sms?round=8", Form, "http://localhost/twilio/sms?round=7"));

        await AssertRefusedAsync(response);
    }

    [Theory]
    [InlineData("https://surveys.example.org")]
    [InlineData("https://surveys.example.org/")]
    public async Task Post_IsCheckedAgainstPublicBaseUrl_WhenBehindAProxy(string publicBaseUrl)
    {
        await using var app = await StartAsync(new() { ["Twilio:AuthToken"] = TwilioTestApp.AuthToken, ["Twilio:PublicBaseUrl"] = publicBaseUrl });
        var client = app.GetTestClient();

        var signedForPublicUrl = await client.SendAsync(
            TwilioTestApp.SignedPost("/twilio/sms?round=7", Form, "https://surveys.example.org/twilio/sms?round=7"));
        var signedForInternalUrl = await client.SendAsync(
            TwilioTestApp.SignedPost("/twilio/sms?round=7", Form, "http://localhost/twilio/sms?round=7"));

        Assert.Equal(HttpStatusCode.OK, signedForPublicUrl.StatusCode);
        await AssertRefusedAsync(signedForInternalUrl);
    }

    [Fact]
    public async Task Post_ReachesTheEndpoint_WhenTwilioSignedTheUrlWithItsDefaultPort()
    {
        // Twilio's own validator accepts the URL with the default port written out or left out.
        await using var app = await StartAsync();

        var response = await app.GetTestClient().SendAsync(
            TwilioTestApp.SignedPost("/twilio/sms?round=7", Form, "http://localhost:80/twilio/sms?round=7"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task Post_ReachesTheEndpoint_WhenAFieldIsSentTwice_SignedWithItsValuesJoined()
    {
        await using var app = await StartAsync();
        var signedAs = new Dictionary<string, string>(Form) { ["Tag"] = "a,b" };
        var request = TwilioTestApp.SignedPost("/twilio/sms", signedAs, "http://localhost/twilio/sms");
        request.Content = new FormUrlEncodedContent(Form.Append(KeyValuePair.Create("Tag", "a")).Append(KeyValuePair.Create("Tag", "b")));

        var response = await app.GetTestClient().SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task Post_Returns403_WhenNoAuthTokenIsConfigured()
    {
        await using var app = await StartAsync(new Dictionary<string, string?>());

        var response = await app.GetTestClient().SendAsync(
            TwilioTestApp.SignedPost("/twilio/sms", Form, "http://localhost/twilio/sms"));

        await AssertRefusedAsync(response);
    }

    [Fact]
    public async Task Post_Returns403_WhenTheFormCannotBeRead()
    {
        var logs = new CapturingLoggerProvider();
        await using var app = await StartAsync(logs: logs);
        var tooManyFields = Form.Concat(Enumerable.Range(0, 1100).Select(i => KeyValuePair.Create("X" + i, "1")));

        var response = await app.GetTestClient().SendAsync(TwilioTestApp.SignedPost("/twilio/sms", tooManyFields, "http://localhost/twilio/sms"));

        await AssertRefusedAsync(response);
        Assert.Contains(logs.Lines, line => line.Contains("form data could not be read"));
    }

    [Fact]
    public async Task Post_IsCheckedForEveryEndpointInAGroup_WhenTheGroupRequiresASignature()
    {
        await using var app = await TwilioTestApp.StartAsync(app =>
        {
            var twilio = app.MapGroup("/twilio").RequireTwilioSignature();
            twilio.MapPost("/status", () => Results.Ok());
        });
        var client = app.GetTestClient();

        var unsigned = await client.PostAsync("/twilio/status", new FormUrlEncodedContent(Form));
        var signed = await client.SendAsync(TwilioTestApp.SignedPost("/twilio/status", Form, "http://localhost/twilio/status"));

        await AssertRefusedAsync(unsigned);
        Assert.Equal(HttpStatusCode.OK, signed.StatusCode);
    }

    [Fact]
    public async Task Post_IsCheckedWithTheNewToken_FromTheRequestAfterTheTokenIsChanged_WhileTheServiceRuns()
    {
        // An operator rotates the Twilio auth token (Twilio's console, then the service's configuration) without a
        // restart: webhooks Twilio signs with the new token must pass from then on, and ones signed with the old refused.
        const string newToken = "fedcba9876543210fedcba9876543210";
        await using var app = await StartAsync();
        var client = app.GetTestClient();
        var before = await client.SendAsync(TwilioTestApp.SignedPost("/twilio/sms", Form, "http://localhost/twilio/sms"));

        app.Configuration["Twilio:AuthToken"] = newToken;
        ((IConfigurationRoot)app.Configuration).Reload();

        var withOld = await client.SendAsync(TwilioTestApp.SignedPost("/twilio/sms", Form, "http://localhost/twilio/sms"));
        var withNew = await client.SendAsync(TwilioTestApp.SignedPost("/twilio/sms", Form, "http://localhost/twilio/sms", authToken: newToken));
        var withNewAgain = await client.SendAsync(TwilioTestApp.SignedPost("/twilio/sms", Form, "http://localhost/twilio/sms", authToken: newToken));

        Assert.Equal(HttpStatusCode.OK, before.StatusCode);
        await AssertRefusedAsync(withOld);
        Assert.Equal(HttpStatusCode.OK, withNew.StatusCode);
        Assert.Equal(HttpStatusCode.OK, withNewAgain.StatusCode);
    }

    [Fact]
    public async Task Posts_FromManyPhonesAtOnce_AreEachCheckedOnTheirOwnSignature()
    {
        // One filter serves every request to the endpoint: requests at once, half signed right and half wrong, must each
        // get their own answer.
        await using var app = await StartAsync();
        var client = app.GetTestClient();
        var sends = Enumerable.Range(0, 64).Select(i => client.SendAsync(
            TwilioTestApp.SignedPost("/twilio/sms", Form, "http://localhost/twilio/sms", authToken: i % 2 == 0 ? TwilioTestApp.AuthToken : "ffffffffffffffffffffffffffffffff")));
        var responses = await Task.WhenAll(sends);

        for (var i = 0; i < responses.Length; i++)
            Assert.Equal(i % 2 == 0 ? HttpStatusCode.OK : HttpStatusCode.Forbidden, responses[i].StatusCode);
    }

    [Fact]
    public async Task Post_NeverLogsPhoneNumbersOrBodies_WhenRefused()
    {
        var logs = new CapturingLoggerProvider();
        await using var app = await StartAsync(logs: logs);

        await app.GetTestClient().SendAsync(
            TwilioTestApp.SignedPost("/twilio/sms?from=%2B447700900123", Form, "http://localhost/elsewhere"));

        Assert.Contains(logs.Lines, line => line.Contains("Refused a webhook on /twilio/sms"));
        Assert.DoesNotContain(logs.Lines, line => line.Contains("447700900123") || line.Contains("Body=") || line.Contains("%2B"));
    }

    private static async Task AssertRefusedAsync(HttpResponseMessage response)
    {
        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        using var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal(TwilioSignatureFilter.RefusalMessage, problem.RootElement.GetProperty("title").GetString());
        Assert.Equal(403, problem.RootElement.GetProperty("status").GetInt32());
    }
}
