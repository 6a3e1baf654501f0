using System.Text.RegularExpressions;
using CoProduction.Store.Results;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace CoProduction.Bot.Pages.Results;

/// <summary>
/// The public results page, /results/{surveyId}: no sign-in, English or Welsh (?lang=cy),
/// easy-read. Shows only the latest released results through disclosure control, the actions,
/// and approved quotes.
/// </summary>
public sealed partial class PublicModel(PublicResultsQuery query) : PageModel
{
    [BindProperty(SupportsGet = true, Name = "lang")]
    public string? Lang { get; set; }

    public ResultsWords Words { get; private set; } = ResultsWords.For("en");
    public PublicResults? Release { get; private set; }
    public bool SurveyFound { get; private set; }

    public async Task<IActionResult> OnGetAsync(string surveyId, CancellationToken ct)
    {
        Words = ResultsWords.For(Lang?.Trim().ToLowerInvariant() == "cy" ? "cy" : "en");
        if (!SurveyId().IsMatch(surveyId))
        {
            Response.StatusCode = StatusCodes.Status404NotFound;
            return Page();
        }
        SurveyFound = await query.SurveyExistsAsync(surveyId, ct);
        if (!SurveyFound)
        {
            Response.StatusCode = StatusCodes.Status404NotFound;
            return Page();
        }
        Release = await query.GetAsync(surveyId, Words.Language, ct);
        return Page();
    }

    /// <summary>Bar width as a share of the people who answered, for the drawing only: the words carry the number.</summary>
    public static string Width(int count, int total) =>
        (total == 0 ? 0 : Math.Round(100.0 * count / total, 1)).ToString(System.Globalization.CultureInfo.InvariantCulture) + "%";

    [GeneratedRegex("^[A-Za-z0-9-]{1,64}$")]
    private static partial Regex SurveyId();
}
