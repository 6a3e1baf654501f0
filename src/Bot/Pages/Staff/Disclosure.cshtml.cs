using System.Globalization;
using CoProduction.Bot.Accounts;
using CoProduction.Store.Results;
using Microsoft.AspNetCore.Mvc;

namespace CoProduction.Bot.Pages.Staff;

/// <summary>
/// /staff/disclosure: the board (or an admin) raises the numbers that protect people on every public
/// figure, in English or Welsh (?lang=cy). Lower numbers are refused by <see cref="DisclosureSettings"/>.
/// </summary>
public sealed class DisclosureModel(DisclosureSettings settings) : StaffForm
{
    [BindProperty(SupportsGet = true, Name = "lang")] public string? Lang { get; set; }

    [BindProperty(Name = "minimumGroup")] public string? MinimumGroup { get; set; }

    [BindProperty(Name = "smallCount")] public string? SmallCount { get; set; }

    public DisclosureWords Words => DisclosureWords.For(Lang);
    public DisclosureThresholds Now { get; private set; } = null!;
    public string? Message { get; private set; }

    public async Task OnGetAsync(CancellationToken ct) => await LoadAsync(ct);

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        var group = Parse("minimumGroup", MinimumGroup);
        var small = Parse("smallCount", SmallCount);
        if (!Problems().Any())
        {
            var outcome = await settings.RaiseAsync(group, small, User.ActorName(), User.AccountId(), ct);
            foreach (var problem in outcome.Problems) Problem(problem.Field, Words.Problem(problem));
            if (outcome.Status == RaiseStatus.Raised)
            {
                // After a save, a fresh page: a reload does not send the form again.
                TempData["DisclosureSaved"] = Words.Saved(outcome.Thresholds.MinimumGroup, outcome.Thresholds.SmallCount);
                return RedirectToPage(new { lang = Words.Welsh ? "cy" : null });
            }
            if (outcome.Status == RaiseStatus.Unchanged) Message = Words.Unchanged;
        }
        Response.StatusCode = Problems().Any() ? StatusCodes.Status400BadRequest : StatusCodes.Status200OK;
        Now = await settings.CurrentAsync(ct);
        return Page();
    }

    private async Task LoadAsync(CancellationToken ct)
    {
        Now = await settings.CurrentAsync(ct);
        Message = TempData["DisclosureSaved"] as string;
        MinimumGroup = Now.MinimumGroup.ToString(CultureInfo.InvariantCulture);
        SmallCount = Now.SmallCount.ToString(CultureInfo.InvariantCulture);
    }

    /// <summary>Empty leaves a number as it is; anything but a whole number is a problem under its field.</summary>
    private int? Parse(string field, string? text)
    {
        if (string.IsNullOrWhiteSpace(text)) return null;
        if (int.TryParse(text.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var value)) return value;
        Problem(field, Words.NotANumber(field));
        return null;
    }
}
