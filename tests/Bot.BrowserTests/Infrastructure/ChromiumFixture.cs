using Microsoft.Playwright;

namespace CoProduction.Bot.BrowserTests.Infrastructure;

/// <summary>
/// One headless Chromium for all the browser tests: Debian's package at /usr/bin/chromium, driven
/// by Playwright. Never a browser Playwright downloads (none can be fetched here). A missing
/// browser fails the tests with what to do, rather than skipping them and passing quietly.
/// </summary>
public sealed class ChromiumFixture : IAsyncLifetime
{
    public const string ChromiumPath = "/usr/bin/chromium";

    /// <summary>
    /// How long a browser step may wait before the test fails as hung. Generous because CI runs the
    /// test projects side by side on 2 cores: a sign-in that redirects took over 15 s there once.
    /// It is a guard against hanging, never a timing assertion.
    /// </summary>
    public const float Patience = 60_000;

    private IPlaywright? _playwright;

    public IBrowser Browser { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        var path = Environment.GetEnvironmentVariable("CHROMIUM_PATH") is { Length: > 0 } configured ? configured : ChromiumPath;
        if (!File.Exists(path))
        {
            throw new InvalidOperationException(
                $"The browser tests need Chromium at {path}. Run ./test.sh (it installs Debian's chromium package), or: apt-get install -y chromium");
        }

        // Every Expect(...) waits as long as the other browser steps (Playwright's own default is 5 s,
        // which a loaded CI machine has exceeded).
        Assertions.SetDefaultExpectTimeout(Patience);
        _playwright = await Playwright.CreateAsync();
        Browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = path,
            Headless = true,
            Args =
            [
                "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                "--disable-sync", "--no-first-run", "--disable-quic",
            ],
        });
    }

    public async Task DisposeAsync()
    {
        if (Browser is not null) await Browser.CloseAsync();
        _playwright?.Dispose();
    }
}

[CollectionDefinition(Name)]
public sealed class ChromiumCollection : ICollectionFixture<ChromiumFixture>
{
    public const string Name = "Chromium";
}
