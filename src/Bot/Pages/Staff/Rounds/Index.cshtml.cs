using System.Globalization;
using CoProduction.Bot.Staff;
using CoProduction.Scheduling.Rounds;
using CoProduction.Store;
using CoProduction.Store.Model;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace CoProduction.Bot.Pages.Staff.Rounds;

/// <summary>
/// The rounds with their progress, and the form to schedule one: the survey and the groups are
/// picked from lists, the times are on the organisation's clock (Organisation:TimeZone).
/// </summary>
public sealed class IndexModel(RoundPlanner rounds, RoundLauncher launcher, SurveyLibrary library, StoreDbContext db, OrganisationTime clock, TimeProvider time) : StaffForm
{
    public IReadOnlyList<RoundProgress> Rounds { get; private set; } = [];
    public IReadOnlyList<SurveySummary> Surveys { get; private set; } = [];
    public IReadOnlyList<(string Name, int People)> GroupChoices { get; private set; } = [];
    public OrganisationTime Clock => clock;

    [BindProperty] public string? Survey { get; set; }
    [BindProperty] public string[] Groups { get; set; } = [];
    [BindProperty] public string Channel { get; set; } = "preferred";
    [BindProperty] public string? OpensDate { get; set; }
    [BindProperty] public string? OpensTime { get; set; }
    [BindProperty] public string? ClosesDate { get; set; }
    [BindProperty] public string? ClosesTime { get; set; }
    [BindProperty] public string? ReminderAfterDays { get; set; }

    public async Task OnGetAsync(CancellationToken ct)
    {
        var now = clock.Now(time);
        ClosesDate = DateOnly.FromDateTime(now.DateTime).AddDays(14).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        ClosesTime = "17:00";
        await LoadAsync(ct);
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        await LoadAsync(ct);
        if (string.IsNullOrWhiteSpace(Survey) || !Surveys.Any(s => s.Id == Survey)) Problem("survey", "Choose a published survey.");
        var groups = Groups.Where(g => !string.IsNullOrWhiteSpace(g)).ToList();
        if (groups.Count == 0) Problem("groups", "Choose at least one group of people to invite.");
        var opens = When("opens", OpensDate, OpensTime, required: false);
        var closes = When("closes", ClosesDate, ClosesTime, required: true);
        double? reminder = null;
        if (!string.IsNullOrWhiteSpace(ReminderAfterDays))
        {
            if (int.TryParse(ReminderAfterDays, NumberStyles.None, CultureInfo.InvariantCulture, out var days) && days is >= 1 and <= 60) reminder = days;
            else Problem("reminder", "Write the number of days for the reminder as a whole number from 1 to 60, or leave it empty.");
        }
        if (Problems().Any()) return Refused();

        RoundCreated created;
        try
        {
            created = await launcher.LaunchAsync(new RoundRequest(Survey, groups, Channel, opens, closes, reminder), ct);
        }
        catch (JobQueueRefusedException refused)
        {
            Problem("", refused.Message);
            Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
            Response.Headers.RetryAfter = Hosting.JobQueueRefusedHandler.RetryAfterSeconds.ToString(CultureInfo.InvariantCulture);
            return Page();
        }
        if (!created.Succeeded)
        {
            foreach (var problem in created.Problems)
                Problem(problem.Contains("close", StringComparison.OrdinalIgnoreCase) ? "closes-date"
                    : problem.Contains("channel", StringComparison.OrdinalIgnoreCase) ? "channel-preferred"
                    : problem.Contains("reminder", StringComparison.OrdinalIgnoreCase) ? "reminder" : "", problem);
            return Refused();
        }
        return RedirectToPage("/Staff/Rounds/Details", new { id = created.Id });
    }

    private DateTimeOffset? When(string field, string? date, string? clockTime, bool required)
    {
        var what = field == "opens" ? "opens" : "closes";
        if (string.IsNullOrWhiteSpace(date) && string.IsNullOrWhiteSpace(clockTime))
        {
            if (required) Problem(field + "-date", $"Enter the date the round {what}.");
            return null;
        }
        if (!DateOnly.TryParseExact(date?.Trim(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day))
        {
            Problem(field + "-date", $"Enter the date the round {what} as a real date, like 2026-03-14.");
            return null;
        }
        if (!TimeOnly.TryParseExact(string.IsNullOrWhiteSpace(clockTime) ? "09:00" : clockTime.Trim(), ["HH:mm", "H:mm", "HH:mm:ss"], CultureInfo.InvariantCulture, DateTimeStyles.None, out var at))
        {
            Problem(field + "-time", $"Enter the time the round {what} on the 24-hour clock, like 09:00 or 17:30.");
            return null;
        }
        var (utc, problem) = clock.ToUtc(day, at);
        if (problem is not null) Problem(field + "-time", problem);
        return utc;
    }

    private async Task LoadAsync(CancellationToken ct)
    {
        Rounds = await rounds.ListAsync(ct);
        Surveys = (await library.ListAsync(ct)).Where(s => s.Status == SurveyStatus.Published).ToList();
        GroupChoices = (await db.PersonGroups.AsNoTracking().GroupBy(g => g.Group).Select(g => new { g.Key, Count = g.Count() }).OrderBy(g => g.Key).Take(500).ToListAsync(ct))
            .Select(g => (g.Key, g.Count)).ToList();
    }

    private PageResult Refused()
    {
        Response.StatusCode = StatusCodes.Status400BadRequest;
        return Page();
    }
}
