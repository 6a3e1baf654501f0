using CoProduction.Scheduling.Jobs;
using CoProduction.Scheduling.Rounds;
using Hangfire;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace CoProduction.Bot.Pages.Staff.Rounds;

public sealed class IndexModel(RoundPlanner rounds, IBackgroundJobClient jobs) : PageModel
{
    public IReadOnlyList<RoundProgress> Rounds { get; private set; } = [];

    [BindProperty] public string? Survey { get; set; }
    [BindProperty] public string? Groups { get; set; }
    [BindProperty] public string Channel { get; set; } = "preferred";
    [BindProperty] public DateTime? Opens { get; set; }
    [BindProperty] public DateTime? Closes { get; set; }
    [BindProperty] public double? ReminderAfterDays { get; set; }

    public async Task OnGetAsync(CancellationToken ct) => Rounds = await rounds.ListAsync(ct);

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        var request = new RoundRequest(
            Survey,
            (Groups ?? "").Split([';', ','], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries),
            Channel,
            Opens is { } o ? new DateTimeOffset(DateTime.SpecifyKind(o, DateTimeKind.Utc)) : null,
            Closes is { } c ? new DateTimeOffset(DateTime.SpecifyKind(c, DateTimeKind.Utc)) : null,
            ReminderAfterDays);
        var created = await rounds.CreateAsync(request, ct);
        if (!created.Succeeded)
        {
            foreach (var problem in created.Problems) ModelState.AddModelError(string.Empty, problem);
            Rounds = await rounds.ListAsync(ct);
            return Page();
        }
        var id = created.Id!.Value;
        jobs.Enqueue<RoundInvitationsJob>(j => j.RunAsync(id, CancellationToken.None));
        return RedirectToPage("/Staff/Rounds/Details", new { id });
    }
}
