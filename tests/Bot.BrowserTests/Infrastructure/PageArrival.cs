using System.Text.RegularExpressions;
using Microsoft.Playwright;

namespace CoProduction.Bot.BrowserTests.Infrastructure;

public static class PageArrival
{
    /// <summary>
    /// Waits for the page's address to become <paramref name="path"/> after a click that navigates,
    /// reading the address only; what follows waits for the new page's own elements. Not
    /// WaitForURLAsync: when the click has already brought the new address, it waits for a load
    /// event instead, whatever WaitUntil says, and on a busy machine that wait hung its whole
    /// minute on a page that had arrived ("networkidle" fired; the awaited "load" never came to it):
    /// PasskeyBrowserTests failed so in 2 runs of 15 here, and once in CI.
    /// </summary>
    public static Task ArrivedAtAsync(this IPage page, string path) =>
        Assertions.Expect(page).ToHaveURLAsync(new Regex(Regex.Escape(path) + "$"));
}
