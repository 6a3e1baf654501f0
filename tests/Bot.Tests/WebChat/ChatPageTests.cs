using System.Net;
using CoProduction.Bot.Tests.Infrastructure;

namespace CoProduction.Bot.Tests.WebChat;

/// <summary>The /chat page as served: the self-hosted Web Chat bundle, the links' survey and invite, labels.</summary>
public sealed class ChatPageTests(ServiceFactory service) : IClassFixture<ServiceFactory>
{
    [Fact]
    public async Task ChatPage_CarriesTheSurveyAndInviteFromTheLink()
    {
        var html = await service.CreateClient().GetStringAsync("/chat?survey=checkin&invite=abc-123");

        Assert.Contains("data-survey=\"checkin\"", html);
        Assert.Contains("data-invite=\"abc-123\"", html);
        Assert.Contains("<h1>Chat with us</h1>", html);
    }

    [Fact]
    public async Task ChatPage_DropsASurveyIdThatCannotBeOne()
    {
        var html = await service.CreateClient().GetStringAsync("/chat?survey=%3Cscript%3E");

        Assert.Contains("data-survey=\"\"", html);
        Assert.DoesNotContain("<script>", html.Replace("<script src=", ""));
    }

    [Fact]
    public async Task ChatPage_LabelsEverySetting_AndLoadsTheBundleFromThisSite()
    {
        var html = await service.CreateClient().GetStringAsync("/chat");

        foreach (var id in new[] { "chat-language-en", "chat-language-cy", "chat-larger-text", "chat-high-contrast" })
        {
            Assert.Contains($"<label for=\"{id}\"", html);
        }
        Assert.Contains("src=\"/lib/webchat/webchat.js", html);
        Assert.DoesNotContain("cdn.botframework.com", html);
    }

    [Fact]
    public async Task WebChatBundle_IsServedByTheApp()
    {
        using var response = await service.CreateClient().GetAsync("/lib/webchat/webchat.js");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.True(response.Content.Headers.ContentLength > 1_000_000);
    }
}
