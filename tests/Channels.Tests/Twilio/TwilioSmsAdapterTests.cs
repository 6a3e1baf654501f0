using System.Net;
using System.Text.Json;
using System.Xml.Linq;
using CoProduction.Channels.Twilio;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Bot.Builder;
using Microsoft.Bot.Schema;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using Moq;

namespace CoProduction.Channels.Tests.Twilio;

public class TwilioSmsAdapterTests
{
    private const string Url = "http://localhost/twilio/sms";

    /// <summary>Answers every text with "You said: ..." and counts its turns.</summary>
    private sealed class EchoBot : IBot
    {
        public int Turns { get; private set; }

        public async Task OnTurnAsync(ITurnContext turnContext, CancellationToken cancellationToken = default)
        {
            Turns++;
            await turnContext.SendActivityAsync(new Activity(ActivityTypes.Typing), cancellationToken);
            await turnContext.SendActivityAsync(MessageFactory.Text("You said: " + turnContext.Activity.Text), cancellationToken);
        }
    }

    private sealed class DelegateBot(Func<ITurnContext, Task> turn) : IBot
    {
        public Task OnTurnAsync(ITurnContext turnContext, CancellationToken cancellationToken = default) => turn(turnContext);
    }

    /// <summary>The endpoint exactly as the host maps it.</summary>
    private static Task<WebApplication> StartAsync(IBot bot, CapturingLoggerProvider? logs = null) =>
        TwilioTestApp.StartAsync(
            app => app.MapPost("/twilio/sms", (HttpContext http, TwilioSmsAdapter adapter) =>
                    adapter.ProcessAsync(http.Request, http.Response, bot, http.RequestAborted))
                .RequireTwilioSignature(),
            logs: logs);

    private static async Task<string[]> TwimlMessagesAsync(HttpResponseMessage response)
    {
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/xml", response.Content.Headers.ContentType?.MediaType);
        var doc = XDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal("Response", doc.Root!.Name.LocalName);
        return doc.Root.Elements("Message").Select(e => e.Value).ToArray();
    }

    [Fact]
    public async Task Process_ReturnsTheBotsReplyAsTwiml()
    {
        var bot = new EchoBot();
        await using var app = await StartAsync(bot);

        var response = await app.GetTestClient().SendAsync(TwilioTestApp.SignedPost("/twilio/sms", WebhookFixtures.Form("sms-unicode.txt"), Url));

        Assert.Equal(["You said: yes pls \U0001F44D & thanks"], await TwimlMessagesAsync(response));
        Assert.Equal(1, bot.Turns);
    }

    [Fact]
    public async Task Process_GivesTheBotTheMappedActivity()
    {
        Activity? seen = null;
        await using var app = await StartAsync(new DelegateBot(ctx => { seen = ctx.Activity; return Task.CompletedTask; }));

        var response = await app.GetTestClient().SendAsync(TwilioTestApp.SignedPost("/twilio/sms", WebhookFixtures.Form("sms-answer.txt"), Url));

        Assert.Empty(await TwimlMessagesAsync(response));
        Assert.NotNull(seen);
        Assert.Equal("SM5f3c2a1b9d8e7f6a5b4c3d2e1f0a9b8c", seen.Id);
        Assert.Equal("+447700900123", seen.Conversation.Id);
        Assert.Equal("4", seen.Text);
    }

    [Fact]
    public async Task Process_RefusesA1601CharacterBodyPolitely_WithoutCallingTheBot()
    {
        var bot = new EchoBot();
        await using var app = await StartAsync(bot);
        var form = WebhookFixtures.Form("sms-answer.txt");
        form["Body"] = new string('a', 1601);

        var response = await app.GetTestClient().SendAsync(TwilioTestApp.SignedPost("/twilio/sms", form, Url));

        Assert.Equal([TwilioSmsAdapter.TooLongReply], await TwimlMessagesAsync(response));
        Assert.Equal(0, bot.Turns);
    }

    [Fact]
    public async Task Process_PassesA1600CharacterBodyToTheBot()
    {
        var bot = new EchoBot();
        await using var app = await StartAsync(bot);
        var form = WebhookFixtures.Form("sms-answer.txt");
        form["Body"] = new string('a', 1600);

        var response = await app.GetTestClient().SendAsync(TwilioTestApp.SignedPost("/twilio/sms", form, Url));

        Assert.Equal(["You said: " + form["Body"]], await TwimlMessagesAsync(response));
        Assert.Equal(1, bot.Turns);
    }

    [Fact]
    public async Task Process_Returns400WithPlainProblem_WhenFromIsMissing()
    {
        var bot = new EchoBot();
        await using var app = await StartAsync(bot);

        var response = await app.GetTestClient().SendAsync(TwilioTestApp.SignedPost("/twilio/sms", WebhookFixtures.Form("sms-missing-from.txt"), Url));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        using var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal("This text message could not be read: it has no From.", problem.RootElement.GetProperty("title").GetString());
        Assert.Equal(0, bot.Turns);
    }

    [Fact]
    public async Task Process_Returns400_WhenTheFormCannotBeRead()
    {
        var bot = new EchoBot();
        // No signature filter here: the filter would refuse this body before the adapter saw it.
        await using var app = await TwilioTestApp.StartAsync(app => app.MapPost("/unsigned", (HttpContext http, TwilioSmsAdapter adapter) =>
            adapter.ProcessAsync(http.Request, http.Response, bot, http.RequestAborted)));
        var tooManyFields = WebhookFixtures.Form("sms-answer.txt").Concat(Enumerable.Range(0, 1100).Select(i => KeyValuePair.Create("X" + i, "1")));

        var response = await app.GetTestClient().PostAsync("/unsigned", new FormUrlEncodedContent(tooManyFields));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("malformed or too large", await response.Content.ReadAsStringAsync());
        Assert.Equal(0, bot.Turns);
    }

    [Fact]
    public async Task Process_Returns400_WhenTheBodyIsNotAForm()
    {
        var bot = new EchoBot();
        await using var app = await TwilioTestApp.StartAsync(app => app.MapPost("/unsigned", (HttpContext http, TwilioSmsAdapter adapter) =>
            adapter.ProcessAsync(http.Request, http.Response, bot, http.RequestAborted)));

        var response = await app.GetTestClient().PostAsync("/unsigned", new StringContent("{\"From\":\"+447700900123\"}", System.Text.Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(0, bot.Turns);
    }

    [Fact]
    public async Task Process_ApologisesInsteadOfHalfAnswering_WhenTheBotThrows()
    {
        var logs = new CapturingLoggerProvider();
        await using var app = await StartAsync(
            new DelegateBot(async ctx =>
            {
                await ctx.SendActivityAsync("Question 2 of 5");
                throw new InvalidOperationException("could not save answer '" + ctx.Activity.Text + "' from " + ctx.Activity.From.Id);
            }),
            logs);

        var response = await app.GetTestClient().SendAsync(TwilioTestApp.SignedPost("/twilio/sms", WebhookFixtures.Form("sms-unicode.txt"), Url));

        Assert.Equal([TwilioSmsAdapter.ErrorReply], await TwimlMessagesAsync(response));
        Assert.Contains(logs.Lines, line => line.Contains("System.InvalidOperationException") && line.Contains("SMa1b2c3d4e5f60718293a4b5c6d7e8f90"));
        Assert.DoesNotContain(logs.Lines, line => line.Contains("447700900456") || line.Contains("yes pls"));
    }

    [Fact]
    public async Task ContinueConversation_SendsEachMessageThroughTheSmsSender()
    {
        var outbox = new InMemoryOutbox();
        var now = new DateTimeOffset(2026, 3, 14, 9, 30, 0, TimeSpan.Zero);
        var time = new FakeTimeProvider(now);
        var adapter = new TwilioSmsAdapter(new TwilioSmsMapper(time), new OutboxSmsSender(outbox, time), NullLogger<TwilioSmsAdapter>.Instance);
        IReadOnlyList<SmsSendResult> results = [];

        await adapter.ContinueConversationAsync(
            "bot",
            TwilioSmsMapper.ToConversationReference("+447700900123", "+447700900000"),
            async (ctx, ct) =>
            {
                await ctx.SendActivityAsync(new Activity(ActivityTypes.Typing), ct);
                await ctx.SendActivitiesAsync([MessageFactory.Text("Hello! A few quick questions."), MessageFactory.Text("How happy are you?")], ct);
                results = TwilioSmsAdapter.GetSendResults(ctx);
            },
            CancellationToken.None);

        Assert.Equal(
            [new OutboxEntry("+447700900123", "sms", "Hello! A few quick questions.", now), new OutboxEntry("+447700900123", "sms", "How happy are you?", now)],
            await outbox.ListAsync(CancellationToken.None));
        Assert.Equal(2, results.Count);
        Assert.All(results, r => Assert.True(r.Succeeded));
    }

    [Fact]
    public async Task ContinueConversation_ReportsAnOptOutAsAValue()
    {
        var sender = new Mock<ISmsSender>();
        sender.Setup(s => s.SendAsync("+447700900123", "Hello!", It.IsAny<CancellationToken>()))
            .ReturnsAsync(TwilioRestSmsSender.Map(21610, 400));
        var adapter = new TwilioSmsAdapter(new TwilioSmsMapper(TimeProvider.System), sender.Object, NullLogger<TwilioSmsAdapter>.Instance);
        IReadOnlyList<SmsSendResult> results = [];

        await adapter.ContinueConversationAsync(
            "bot",
            TwilioSmsMapper.ToConversationReference("+447700900123", "+447700900000"),
            async (ctx, ct) =>
            {
                await ctx.SendActivityAsync("Hello!", cancellationToken: ct);
                results = TwilioSmsAdapter.GetSendResults(ctx);
            },
            CancellationToken.None);

        Assert.True(Assert.Single(results).OptedOut);
        sender.Verify(s => s.SendAsync("+447700900123", "Hello!", It.IsAny<CancellationToken>()), Times.Once);
    }

    [Fact]
    public async Task ContinueConversation_WithAClaimsIdentity_SendsLikeTheBotIdOverload()
    {
        var outbox = new InMemoryOutbox();
        var adapter = new TwilioSmsAdapter(new TwilioSmsMapper(TimeProvider.System), new OutboxSmsSender(outbox, TimeProvider.System), NullLogger<TwilioSmsAdapter>.Instance);

        await adapter.ContinueConversationAsync(
            new System.Security.Claims.ClaimsIdentity(),
            TwilioSmsMapper.ToConversationReference("+447700900123", "+447700900000"),
            (ctx, ct) => ctx.SendActivityAsync("Hello!", cancellationToken: ct),
            CancellationToken.None);

        Assert.Equal("Hello!", Assert.Single(await outbox.ListAsync(CancellationToken.None)).Body);
    }

    [Fact]
    public async Task ContinueConversation_LetsTheCallerSeeAFailure_InsteadOfTextingAnApology()
    {
        var sender = new Mock<ISmsSender>(MockBehavior.Strict);
        var adapter = new TwilioSmsAdapter(new TwilioSmsMapper(TimeProvider.System), sender.Object, NullLogger<TwilioSmsAdapter>.Instance);

        await Assert.ThrowsAsync<InvalidOperationException>(() => adapter.ContinueConversationAsync(
            "bot",
            TwilioSmsMapper.ToConversationReference("+447700900123", null),
            (_, _) => throw new InvalidOperationException("engine bug"),
            CancellationToken.None));

        sender.VerifyNoOtherCalls();
    }

    [Fact]
    public async Task UpdateAndDelete_AreNotSupported_BecauseATextCannotBeRecalled()
    {
        var adapter = new TwilioSmsAdapter(new TwilioSmsMapper(TimeProvider.System), Mock.Of<ISmsSender>(), NullLogger<TwilioSmsAdapter>.Instance);
        using var ctx = new TurnContext(adapter, MessageFactory.Text("x") as Activity);

        await Assert.ThrowsAsync<NotSupportedException>(() => adapter.UpdateActivityAsync(ctx, new Activity(), CancellationToken.None));
        await Assert.ThrowsAsync<NotSupportedException>(() => adapter.DeleteActivityAsync(ctx, new ConversationReference(), CancellationToken.None));
    }

    [Fact]
    public void AddTwilioChannels_RegistersTheAdapterAsOneSingleton()
    {
        using var provider = new ServiceCollection()
            .AddSingleton<Microsoft.Extensions.Configuration.IConfiguration>(new Microsoft.Extensions.Configuration.ConfigurationBuilder().Build())
            .AddTwilioChannels()
            .BuildServiceProvider();

        Assert.Same(provider.GetRequiredService<TwilioSmsAdapter>(), provider.GetRequiredService<TwilioSmsAdapter>());
    }
}
