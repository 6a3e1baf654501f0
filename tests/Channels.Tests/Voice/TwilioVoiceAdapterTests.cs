using System.Net;
using System.Xml.Linq;
using CoProduction.Channels.Tests.Twilio;
using CoProduction.Channels.Twilio;
using CoProduction.Channels.Voice;
using CoProduction.Phone;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Bot.Builder;
using Microsoft.Bot.Schema;
using Microsoft.Extensions.DependencyInjection;

namespace CoProduction.Channels.Tests.Voice;

/// <summary>The adapter through a real HTTP pipeline, driven by the call simulator as Twilio would drive it.</summary>
public class TwilioVoiceAdapterTests
{
    private const string Person = "+447700900123";

    /// <summary>The endpoints exactly as the host should map them.</summary>
    private static Task<WebApplication> StartAsync(IBot bot, Dictionary<string, string?>? settings = null, CapturingLoggerProvider? logs = null) =>
        TwilioTestApp.StartAsync(
            app =>
            {
                var voice = app.MapGroup("/twilio/voice").RequireTwilioSignature();
                voice.MapPost("/", (HttpContext http, TwilioVoiceAdapter adapter) => adapter.ProcessAsync(http.Request, http.Response, bot, http.RequestAborted));
                voice.MapPost("/gather", (HttpContext http, TwilioVoiceAdapter adapter) => adapter.ProcessAsync(http.Request, http.Response, bot, http.RequestAborted));
            },
            settings,
            services => services.AddTwilioVoice(),
            logs);

    private static SimulatedCall NewCall(WebApplication app, string baseUrl = "http://localhost/") =>
        new(app.GetTestClient(), new Uri(baseUrl), TwilioTestApp.AuthToken, person: Person);

    [Fact]
    public async Task ACallerCompletesThreeQuestionsByKeys()
    {
        var bot = new ScriptedSurveyBot();
        await using var app = await StartAsync(bot);
        var call = NewCall(app);

        await call.StartInboundAsync();
        Assert.Equal(ScriptedSurveyBot.Greeting + " " + ScriptedSurveyBot.Happy, call.LastPrompt);
        Assert.Equal("1", (string?)call.Gather!.Attribute("numDigits"));
        await call.PressAsync("4");
        Assert.StartsWith(ScriptedSurveyBot.Matters + " Press 1 for Friends and family, press 2 for Work or volunteering", call.LastPrompt);
        await call.PressAsync("2");
        Assert.Equal(ScriptedSurveyBot.Visits, call.LastPrompt);
        await call.PressAsync("12#");

        Assert.True(call.IsHungUp);
        Assert.Equal(ScriptedSurveyBot.Thanks, call.LastPrompt);
        Assert.Equal(["4", "work", "12"], bot.Answers[call.CallSid]);
        Assert.All(bot.Seen.Where(a => a.Type == ActivityTypes.Message), a => Assert.Equal(VoiceInputType.Dtmf, VoiceCallData.From(a)!.InputType));
    }

    [Fact]
    public async Task ACallerCompletesThreeQuestionsBySpeech()
    {
        var bot = new ScriptedSurveyBot();
        await using var app = await StartAsync(bot);
        var call = NewCall(app);

        await call.StartInboundAsync();
        await call.SayAsync("four", confidence: 0.92);
        Assert.Contains("family", (string?)call.Gather!.Attribute("hints"));
        await call.SayAsync("friends and family", confidence: 0.88);
        await call.SayAsync("twelve");

        Assert.True(call.IsHungUp);
        Assert.Equal(ScriptedSurveyBot.Thanks, call.Said[^1]);
        Assert.Equal(["four", "friends and family", "twelve"], bot.Answers[call.CallSid]);
        var first = bot.Seen.First(a => a.Type == ActivityTypes.Message);
        Assert.Equal(0.92, VoiceCallData.From(first)!.Confidence);
        Assert.Equal(VoiceInputType.Speech, VoiceCallData.From(first)!.InputType);
    }

    [Fact]
    public async Task SilenceComesBackToTheBotAsNoInput_AndTheQuestionIsAskedAgain()
    {
        var bot = new ScriptedSurveyBot();
        await using var app = await StartAsync(bot);
        var call = NewCall(app);

        await call.StartInboundAsync();
        await call.SilenceAsync();

        Assert.False(call.IsHungUp);
        Assert.Equal(ScriptedSurveyBot.NotHeard + " " + ScriptedSurveyBot.Happy, call.LastPrompt);
        var silence = bot.Seen.Last();
        Assert.True(VoiceCallData.From(silence)!.NoInput);
        Assert.EndsWith(":noinput", silence.Id);
        Assert.Empty(bot.Answers[call.CallSid]);

        await call.PressAsync("5");
        Assert.Equal(["5"], bot.Answers[call.CallSid]);
    }

    [Fact]
    public async Task EveryActionUrlCarriesTheInvitation_OnACallWeMade()
    {
        var bot = new ScriptedSurveyBot();
        await using var app = await StartAsync(bot);
        var call = NewCall(app);

        await call.StartOutboundAsync("human", "invitation=inv-42");
        await call.PressAsync("3");
        await call.SilenceAsync();

        Assert.All(call.Requests, url => Assert.Contains("invitation=inv-42", url));
        Assert.All(bot.Seen, a => Assert.Equal("inv-42", VoiceCallData.From(a)!.Invitation));
        Assert.All(bot.Seen, a => Assert.Equal(Person, a.From.Id));
    }

    [Fact]
    public async Task AnActionUrlWhoseQueryStringWasNotSigned_Gets403()
    {
        var bot = new ScriptedSurveyBot();
        await using var app = await StartAsync(bot);
        var client = app.GetTestClient();
        var form = VoiceTestSupport.Form("call-gather-digits.txt");

        // Signed for the URL without its query string: someone replaying a real answer with a changed turn.
        var forged = await client.SendAsync(TwilioTestApp.SignedPost("/twilio/voice/gather?turn=1&k=friends&k=work", form, "http://localhost/twilio/voice/gather"));
        var genuine = await client.SendAsync(TwilioTestApp.SignedPost("/twilio/voice/gather?turn=1&k=friends&k=work", form, "http://localhost/twilio/voice/gather?turn=1&k=friends&k=work"));

        Assert.Equal(HttpStatusCode.Forbidden, forged.StatusCode);
        Assert.Equal(HttpStatusCode.OK, genuine.StatusCode);
        Assert.Single(bot.Seen);
        Assert.Equal("work", bot.Seen.Single().Text);
    }

    [Fact]
    public async Task AnswersWithTheSameActivityId_WhenTwilioRetriesARequest()
    {
        var bot = new ScriptedSurveyBot();
        await using var app = await StartAsync(bot);
        var client = app.GetTestClient();
        var form = VoiceTestSupport.Form("call-gather-digits.txt");
        const string Path = "/twilio/voice/gather?turn=1";

        await client.SendAsync(TwilioTestApp.SignedPost(Path, form, "http://localhost" + Path));
        await client.SendAsync(TwilioTestApp.SignedPost(Path, form, "http://localhost" + Path));

        var ids = bot.Seen.Select(a => a.Id).ToArray();
        Assert.Equal(2, ids.Length);
        Assert.Equal(ids[0], ids[1]);
    }

    [Fact]
    public async Task AnAnsweringMachineHearsTheBuiltInMessageAndTheCallEnds_WithoutAnyQuestion()
    {
        var bot = new ScriptedSurveyBot();
        await using var app = await StartAsync(bot);
        var call = NewCall(app);

        await call.StartOutboundAsync("machine_start", "invitation=inv-9");

        Assert.True(call.IsHungUp);
        Assert.Equal([TwilioVoiceAdapter.AnsweringMachineMessage], call.Said);
        Assert.Empty(call.LastTwiml!.Descendants("Gather"));
        var seen = Assert.Single(bot.Seen);
        Assert.Equal(ActivityTypes.Event, seen.Type);
        Assert.Equal("inv-9", VoiceCallData.From(seen)!.Invitation);
    }

    [Fact]
    public async Task AnAnsweringMachineHearsTheBotsOwnWording_WhenItGivesSome()
    {
        var bot = new ScriptedSurveyBot { MachineWording = "Hello from Brightside. We will call again tomorrow." };
        await using var app = await StartAsync(bot);
        var call = NewCall(app);

        await call.StartOutboundAsync("machine_end_beep", "invitation=inv-9");

        Assert.True(call.IsHungUp);
        Assert.Equal(["Hello from Brightside. We will call again tomorrow."], call.Said);
        Assert.Empty(call.LastTwiml!.Descendants("Gather"));
    }

    [Fact]
    public async Task ABotFailureIsAnApologyAndAHangUp_AndNothingPersonalIsLogged()
    {
        var logs = new CapturingLoggerProvider();
        var bot = new ScriptedSurveyBot
        {
            Interrupt = ctx => ctx.Activity.Type == ActivityTypes.Message
                ? throw new InvalidOperationException("Could not save answer " + ctx.Activity.Text + " from " + ctx.Activity.From.Id)
                : Task.CompletedTask,
        };
        await using var app = await StartAsync(bot, logs: logs);
        var call = NewCall(app);

        await call.StartInboundAsync();
        await call.SayAsync("my secret answer");

        Assert.Equal(200, call.LastStatusCode);
        Assert.True(call.IsHungUp);
        Assert.Equal(TwilioVoiceAdapter.ErrorReply, call.LastPrompt);
        Assert.Contains(logs.Lines, l => l.Contains("InvalidOperationException", StringComparison.Ordinal));
        Assert.DoesNotContain(logs.Lines, l => l.Contains(Person, StringComparison.Ordinal) || l.Contains("7700900123", StringComparison.Ordinal));
        Assert.DoesNotContain(logs.Lines, l => l.Contains("secret", StringComparison.Ordinal));
    }

    [Fact]
    public async Task ActionUrlsUseThePublicBaseUrl_AndTheirSignaturesStillCheckOut()
    {
        var bot = new ScriptedSurveyBot();
        await using var app = await StartAsync(bot, new Dictionary<string, string?>
        {
            ["Twilio:AuthToken"] = TwilioTestApp.AuthToken,
            ["Twilio:PublicBaseUrl"] = "https://surveys.example.org",
        });
        var call = NewCall(app, "https://surveys.example.org/");

        await call.StartInboundAsync();
        Assert.StartsWith("https://surveys.example.org/twilio/voice/gather?turn=1", (string?)call.Gather!.Attribute("action"));
        await call.PressAsync("4");
        await call.PressAsync("1");
        await call.PressAsync("0#");

        Assert.Equal(200, call.LastStatusCode);
        Assert.Equal(["4", "friends", "0"], bot.Answers[call.CallSid]);
    }

    [Fact]
    public async Task ARequestWithoutACallSidGets400WithAPlainProblem()
    {
        var bot = new ScriptedSurveyBot();
        await using var app = await StartAsync(bot);
        var form = VoiceTestSupport.Form("call-inbound-start.txt");
        form.Remove("CallSid");

        var response = await app.GetTestClient().SendAsync(TwilioTestApp.SignedPost("/twilio/voice", form, "http://localhost/twilio/voice"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("no CallSid", await response.Content.ReadAsStringAsync());
        Assert.Empty(bot.Seen);
    }

    [Fact]
    public async Task SpeakingOutsideAWebhookTurnIsRefused()
    {
        var bot = new ScriptedSurveyBot();
        await using var app = await StartAsync(bot);
        var adapter = app.Services.GetRequiredService<TwilioVoiceAdapter>();
        var reference = new ConversationReference { ChannelId = "voice", Conversation = new ConversationAccount(id: "CA1"), ServiceUrl = TwilioVoiceMapper.ServiceUrl };

        await Assert.ThrowsAsync<InvalidOperationException>(() => adapter.ContinueConversationAsync(
            string.Empty, reference, (ctx, ct) => ctx.SendActivityAsync("Hello", cancellationToken: ct), CancellationToken.None));
    }

    [Fact]
    public async Task TheTwimlIsServedAsXml()
    {
        var bot = new ScriptedSurveyBot();
        await using var app = await StartAsync(bot);

        var response = await app.GetTestClient().SendAsync(TwilioTestApp.SignedPost("/twilio/voice", VoiceTestSupport.Form("call-inbound-start.txt"), "http://localhost/twilio/voice"));

        Assert.Equal("application/xml", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("Response", XDocument.Parse(await response.Content.ReadAsStringAsync()).Root!.Name.LocalName);
    }
}
