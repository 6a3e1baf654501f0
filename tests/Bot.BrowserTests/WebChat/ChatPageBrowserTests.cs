using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using CoProduction.Bot.BrowserTests.Infrastructure;
using CoProduction.Bot.Tests.Infrastructure;
using Microsoft.Playwright;

namespace CoProduction.Bot.BrowserTests.WebChat;

/// <summary>
/// The chat page in headless Chromium against the wired service on a real port: the official Web
/// Chat client completes the demo survey (by its suggested-action buttons, and by typing), and the
/// answers are found in the staff results API.
/// </summary>
[Collection(ChromiumCollection.Name)]
public sealed class ChatPageBrowserTests(ChromiumFixture chromium) : IAsyncLifetime
{

    private readonly KestrelServiceFactory _service = new();
    private IBrowserContext _context = null!;
    private IPage _page = null!;

    public async Task InitializeAsync()
    {
        _service.Start();
        _context = await chromium.Browser.NewContextAsync(new BrowserNewContextOptions { BaseURL = _service.BaseAddress.ToString() });
        _context.SetDefaultTimeout(ChromiumFixture.Patience);
        _page = await _context.NewPageAsync();
    }

    public async Task DisposeAsync()
    {
        await _context.CloseAsync();
        _service.Dispose();
    }

    [Fact]
    public async Task DemoSurvey_CompletedByClickingButtons_IsInTheResults()
    {
        await _page.GotoAsync("/chat?survey=checkin");

        await ClickChoiceAsync("4 Happy", next: "Do you feel safe where you live?");
        await ClickChoiceAsync("Yes", next: "What matters most to you this year?");
        await ClickChoiceAsync("Friends and family", next: "How many times did you see your support worker");
        // Numbers, dates and words have no buttons: they are typed.
        await TypeAsync("3", next: "Would you like a chat with us");
        // Not "next tuesday": said on a Monday that is asked about (tomorrow, or a week tomorrow?).
        await TypeAsync("tuesday", next: "If you could change one thing");
        await TypeAsync("More evening visits", next: "Thank you.");

        var questions = await ResultsAsync();
        Assert.Equal(1, questions["happy"].GetProperty("counts").GetProperty("4").GetInt32());
        Assert.Equal(1, questions["safe"].GetProperty("counts").GetProperty("yes").GetInt32());
        Assert.Equal(1, questions["matters"].GetProperty("counts").GetProperty("friends").GetInt32());
        Assert.Equal(1, questions["visits"].GetProperty("counts").GetProperty("3").GetInt32());
        Assert.Equal(1, questions["change"].GetProperty("answered").GetInt32());
    }

    [Fact]
    public async Task DemoSurvey_CompletedByTyping_IsInTheResults()
    {
        await _page.GotoAsync("/chat?survey=checkin");
        await ExpectBotSaysAsync("How happy are you with the support you get?");

        await TypeAsync("five", next: "Do you feel safe where you live?");
        await TypeAsync("no", next: "What would help you feel safer?");
        await TypeAsync("A light on the stairs", next: "What matters most to you this year?");
        await TypeAsync("my home", next: "How many times did you see your support worker");
        await TypeAsync("2", next: "Would you like a chat with us");
        await TypeAsync("12 May", next: "If you could change one thing");
        await TypeAsync("Nothing, thank you", next: "Thank you.");

        var questions = await ResultsAsync();
        Assert.Equal(1, questions["happy"].GetProperty("counts").GetProperty("5").GetInt32());
        Assert.Equal(1, questions["safe"].GetProperty("counts").GetProperty("no").GetInt32());
        Assert.Equal(1, questions["safer"].GetProperty("answered").GetInt32());
        Assert.Equal(1, questions["matters"].GetProperty("counts").GetProperty("home").GetInt32());
        Assert.Equal(1, questions["visits"].GetProperty("counts").GetProperty("2").GetInt32());
    }

    [Fact]
    public async Task At320PixelsWide_TheKeyboardAloneReachesTheSendBox_AndAnswers()
    {
        await _page.SetViewportSizeAsync(320, 640);
        await _page.GotoAsync("/chat?survey=checkin");
        await ExpectBotSaysAsync("How happy are you with the support you get?");

        // Nothing scrolls sideways at 320px.
        Assert.True(await _page.EvaluateAsync<bool>("() => document.documentElement.scrollWidth <= 320"),
            "The chat page is wider than 320px.");

        var sendBox = SendBox();
        for (var presses = 0; presses < 60 && !await sendBox.EvaluateAsync<bool>("e => e === document.activeElement"); presses++)
        {
            await _page.Keyboard.PressAsync("Tab");
        }
        Assert.True(await sendBox.EvaluateAsync<bool>("e => e === document.activeElement"), "Tab never reached the send box.");

        await _page.Keyboard.TypeAsync("4");
        await _page.Keyboard.PressAsync("Enter");

        await ExpectBotSaysAsync("Do you feel safe where you live?");
    }

    [Fact]
    public async Task LargerTextAndHighContrast_AreRememberedAfterAReload()
    {
        await _page.GotoAsync("/chat?survey=checkin");
        await _page.GetByLabel("Larger text").CheckAsync();
        await _page.GetByLabel("High contrast").CheckAsync();

        await _page.ReloadAsync();

        await Assertions.Expect(_page.GetByLabel("Larger text")).ToBeCheckedAsync();
        await Assertions.Expect(_page.GetByLabel("High contrast")).ToBeCheckedAsync();
        await Assertions.Expect(_page.Locator("html")).ToHaveClassAsync(new Regex("chat-contrast"));
        await Assertions.Expect(_page.Locator("html")).ToHaveClassAsync(new Regex("chat-larger"));
        await ScreenshotAsync("settings-on");
    }

    /// <summary>With CHAT_SCREENSHOTS set to a folder, a picture of the page for a person to look at.</summary>
    private async Task ScreenshotAsync(string name)
    {
        if (Environment.GetEnvironmentVariable("CHAT_SCREENSHOTS") is { Length: > 0 } folder)
        {
            await ExpectBotSaysAsync("How happy are you");
            await _page.ScreenshotAsync(new() { Path = Path.Combine(folder, name + ".png"), FullPage = true });
        }
    }

    [Fact]
    public async Task RememberedCymraeg_IsChosenOnThePage_AndTheSurveyStartsInWelsh()
    {
        // As left by an earlier visit on which the person chose Cymraeg.
        await _context.AddInitScriptAsync("localStorage.setItem('coproduction.chat.language', 'cy')");

        await _page.GotoAsync("/chat?survey=checkin");

        await Assertions.Expect(_page.GetByLabel("Cymraeg")).ToBeCheckedAsync();
        await ExpectBotSaysAsync("Pa mor hapus");
    }

    [Fact]
    public async Task UnknownInviteLink_ShowsAFriendlyMessage_AndTheChatStillWorks()
    {
        await _page.GotoAsync("/chat?invite=not-a-real-invitation");

        await Assertions.Expect(_page.Locator("#chat-notice")).ToContainTextAsync("could not find the invitation");
        await Assertions.Expect(SendBox()).ToBeVisibleAsync();
    }

    private ILocator SendBox() => new ChatWindow(_page).SendBox;

    private Task ClickChoiceAsync(string button, string next) => new ChatWindow(_page).ClickChoiceAsync(button, next);

    private Task TypeAsync(string text, string next) => new ChatWindow(_page).TypeAsync(text, next);

    private Task ExpectBotSaysAsync(string text) => new ChatWindow(_page).ExpectBotSaysAsync(text);

    private async Task<Dictionary<string, JsonElement>> ResultsAsync()
    {
        var results = await _service.StaffClient().GetFromJsonAsync<JsonElement>("/api/surveys/checkin/results");
        Assert.Equal(1, results.GetProperty("completed").GetInt32());
        return results.GetProperty("questions").EnumerateArray().ToDictionary(q => q.GetProperty("id").GetString()!);
    }
}
