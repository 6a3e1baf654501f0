using Microsoft.Playwright;

namespace CoProduction.Bot.BrowserTests.Infrastructure;

/// <summary>The chat page's Web Chat window as a person uses it: buttons to click, a box to type in, the bot's bubbles to read.</summary>
public sealed class ChatWindow(IPage page)
{
    public ILocator SendBox => page.Locator("[data-id='webchat-sendbox-input']");

    /// <summary>Clicks a suggested action and waits for the bot's next words.</summary>
    public async Task ClickChoiceAsync(string button, string next)
    {
        // The buttons under the transcript (Web Chat also repeats them, unfocusable, in the transcript's live region).
        var choice = page.GetByRole(AriaRole.Toolbar, new() { Name = "Suggested actions" })
            .GetByRole(AriaRole.Button, new() { Name = button, Exact = true });
        await choice.ClickAsync();
        await ExpectBotSaysAsync(next);
    }

    /// <summary>Types an answer, sends it with Enter, and waits for the bot's next words.</summary>
    public async Task TypeAsync(string text, string next)
    {
        await SendBox.FillAsync(text);
        await SendBox.PressAsync("Enter");
        await ExpectBotSaysAsync(next);
    }

    /// <summary>Waits for the bot's words, as long as any browser step may take (a hang guard, not a timing).</summary>
    public Task ExpectBotSaysAsync(string text) =>
        Assertions.Expect(page.Locator(".webchat__bubble:not(.webchat__bubble--from-user)").Filter(new() { HasText = text }).Last)
            .ToBeVisibleAsync(new() { Timeout = ChromiumFixture.Patience });
}
