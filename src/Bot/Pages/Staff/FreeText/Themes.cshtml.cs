using CoProduction.Store;
using CoProduction.Store.FreeText;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace CoProduction.Bot.Pages.Staff.FreeText;

/// <summary>/staff/results/{surveyId}/themes: the board's themes for a survey's written answers, with how many answers carry each.</summary>
public sealed class ThemesModel(ThemeBook book, AnswerTags tags, StoreDbContext db) : StaffForm
{
    public string SurveyId { get; private set; } = "";
    public string Title { get; private set; } = "";
    public IReadOnlyList<Theme> Themes { get; private set; } = [];
    public IReadOnlyList<ThemeCount> Counts { get; private set; } = [];
    public string? Message { get; private set; }

    /// <summary>Bound as "name", the id its error links to.</summary>
    [BindProperty(Name = "name")] public string? NewTheme { get; set; }

    public Task<IActionResult> OnGetAsync(string surveyId, CancellationToken ct) => ShowAsync(surveyId, ct);

    public async Task<IActionResult> OnPostAddAsync(string surveyId, CancellationToken ct)
    {
        var outcome = await book.AddAsync(surveyId, NewTheme, ct);
        if (outcome.Status == FreeTextStatus.NotFound) return NotFound();
        if (!outcome.Succeeded) Problem("name", outcome.Detail!);
        else
        {
            Message = outcome.Status == FreeTextStatus.Created ? $"Added the theme \"{outcome.Value!.Name}\"." : $"\"{outcome.Value!.Name}\" is on the list.";
            NewTheme = null;
        }
        return await ShowAsync(surveyId, ct);
    }

    public async Task<IActionResult> OnPostRenameAsync(string surveyId, long themeId, string? newName, CancellationToken ct)
    {
        var outcome = await book.RenameAsync(surveyId, themeId, newName, ct);
        if (!outcome.Succeeded) Problem($"rename-{themeId}", outcome.Detail!);
        else Message = $"Renamed the theme to \"{outcome.Value!.Name}\".";
        return await ShowAsync(surveyId, ct);
    }

    public async Task<IActionResult> OnPostRetireAsync(string surveyId, long themeId, CancellationToken ct)
    {
        var outcome = await book.RetireAsync(surveyId, themeId, ct);
        if (!outcome.Succeeded) Problem($"rename-{themeId}", outcome.Detail!);
        else Message = $"Retired the theme \"{outcome.Value!.Name}\". Answers keep it; it is no longer offered for new tags.";
        return await ShowAsync(surveyId, ct);
    }

    private async Task<IActionResult> ShowAsync(string surveyId, CancellationToken ct)
    {
        var survey = await db.Surveys.AsNoTracking().FirstOrDefaultAsync(s => s.Id == surveyId, ct);
        if (survey is null) return NotFound();
        SurveyId = surveyId;
        Title = survey.Title;
        Themes = await book.ListAsync(surveyId, ct);
        Counts = await tags.CountAsync(surveyId, null, null, null, ct);
        return Page();
    }

    public int CountOf(long themeId) => Counts.FirstOrDefault(c => c.ThemeId == themeId)?.Answers ?? 0;

}
