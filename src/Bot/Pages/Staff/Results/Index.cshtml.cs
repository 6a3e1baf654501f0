using System.Globalization;
using CoProduction.Store.Results;
using CoProduction.Surveys.Definitions;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace CoProduction.Bot.Pages.Staff.Results;

/// <summary>
/// Results for staff and the board, /staff/results/{surveyId}: one round or all answers
/// (?round=), against the round before, with one breakdown at a time (?by=channel|language|group).
/// </summary>
public sealed class IndexModel(StaffResultsQuery query, CoProduction.Store.FreeText.AnswerTags tags) : PageModel
{
    [BindProperty(SupportsGet = true, Name = "round")]
    public string? RoundText { get; set; }

    [BindProperty(SupportsGet = true, Name = "by")]
    public string? By { get; set; }

    public StaffResults? Results { get; private set; }

    /// <summary>Each text question's themes with how many written answers carry them (this round's, when one is chosen).</summary>
    public Dictionary<string, IReadOnlyList<CoProduction.Store.FreeText.ThemeCount>> Themes { get; } = new();

    public static readonly IReadOnlyDictionary<string, Breakdown> Breakdowns = new Dictionary<string, Breakdown>
    {
        [""] = Breakdown.None,
        ["channel"] = Breakdown.Channel,
        ["language"] = Breakdown.Language,
        ["group"] = Breakdown.Group,
    };

    public async Task<IActionResult> OnGetAsync(string surveyId, CancellationToken ct)
    {
        Guid? round = null;
        if (!string.IsNullOrEmpty(RoundText))
        {
            if (!Guid.TryParse(RoundText, out var parsed)) return NotFound();
            round = parsed;
        }
        var breakdown = Breakdowns.GetValueOrDefault(By?.Trim().ToLowerInvariant() ?? "", Breakdown.None);
        Results = await query.GetAsync(surveyId, round, breakdown, ct);
        if (Results is null) return NotFound();
        foreach (var q in Results.Definition?.Questions.Where(q => q.Type == QuestionType.Text) ?? [])
        {
            Themes[q.Id] = await tags.CountAsync(surveyId, q.Id, round, null, ct);
        }
        return Page();
    }

    public Question? QuestionOf(string id) => Results?.Definition?.FindQuestion(id);

    public string TextOf(string id) => QuestionOf(id)?.Wording.Text.Get("en") ?? id;

    /// <summary>An answer's words: the option's text, the scale point's label, yes or no.</summary>
    public string LabelOf(string questionId, string key)
    {
        var question = QuestionOf(questionId);
        return question?.Type switch
        {
            QuestionType.Choice => question.Options.FirstOrDefault(o => o.Id == key)?.Text.Get("en") ?? key,
            QuestionType.Scale when int.TryParse(key, CultureInfo.InvariantCulture, out var n) && question.Labels.TryGetValue(n, out var label) => $"{key} ({label.Get("en")})",
            QuestionType.YesNo => key switch { "yes" => "Yes", "no" => "No", _ => key },
            _ => key,
        };
    }

    public static string Percent(double? value) => value is { } v ? v.ToString("0", CultureInfo.InvariantCulture) + "%" : "-";

    public static string Number(double? value) => value is { } v ? v.ToString("0.##", CultureInfo.InvariantCulture) : "-";

    /// <summary>Percentage points up or down since the round before.</summary>
    public static string Change(double now, double? before) =>
        before is not { } b ? "-" : (now - b) switch
        {
            > 0.5 => $"up {(now - b).ToString("0", CultureInfo.InvariantCulture)} points",
            < -0.5 => $"down {(b - now).ToString("0", CultureInfo.InvariantCulture)} points",
            _ => "no change",
        };
}
