using CoProduction.Bot.Accounts;
using CoProduction.Bot.Interviews;
using CoProduction.Scheduling;
using CoProduction.Store;
using CoProduction.Store.Board;
using CoProduction.Store.Interviews;
using CoProduction.Store.Model;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace CoProduction.Bot.Pages.Staff.Interviews;

/// <summary>
/// Before an interview: which survey, in person or by phone, who will answer, and the person's
/// consent. A person who said STOP or was erased gets a plain "cannot be interviewed" instead.
/// </summary>
public sealed class StartModel(StoreDbContext db, InterviewBook book, InterviewTurns turns, ReviewBoard board, IOptions<SchedulingOptions> scheduling)
    : StaffForm
{
    [BindProperty(SupportsGet = true)] public string? Lang { get; set; }
    [BindProperty] public string? Survey { get; set; }
    [BindProperty] public string? Mode { get; set; }
    [BindProperty] public string? AnsweredBy { get; set; }
    [BindProperty] public bool Consent { get; set; }

    public InterviewWords Words => InterviewWords.For(Lang);
    public string Name { get; private set; } = "";
    public string? Refusal { get; private set; }
    public IReadOnlyList<(string Id, string Title)> Surveys { get; private set; } = [];

    public static readonly IReadOnlyDictionary<string, InterviewMode> Modes =
        new Dictionary<string, InterviewMode> { ["in-person"] = InterviewMode.InPerson, ["phone"] = InterviewMode.Phone };

    public static readonly IReadOnlyDictionary<string, AnsweredBy> Answerers = new Dictionary<string, AnsweredBy>
    {
        ["person"] = Store.Interviews.AnsweredBy.Person, ["with-help"] = Store.Interviews.AnsweredBy.WithHelp, ["on-behalf"] = Store.Interviews.AnsweredBy.OnBehalf,
    };

    public async Task<IActionResult> OnGetAsync(Guid personId, CancellationToken ct)
    {
        if (!await LoadAsync(personId, ct)) return NotFound();
        Survey ??= Surveys.Any(s => s.Id == scheduling.Value.CheckinSurvey) ? scheduling.Value.CheckinSurvey : null;
        Mode ??= "in-person";
        AnsweredBy ??= "person";
        return Refused();
    }

    public async Task<IActionResult> OnPostAsync(Guid personId, CancellationToken ct)
    {
        if (!await LoadAsync(personId, ct)) return NotFound();
        if (Refusal is not null) return Refused();
        if (Surveys.All(s => s.Id != Survey)) Problem("survey", Words.ChooseSurvey);
        if (Mode is null || !Modes.ContainsKey(Mode)) Problem("mode-in-person", Words.ChooseMode);
        if (AnsweredBy is null || !Answerers.ContainsKey(AnsweredBy)) Problem("answered-by-person", Words.ChooseAnsweredBy);
        if (!Consent) Problem("consent", Words.NeedConsent);
        if (Problems().Any())
        {
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return Page();
        }

        if (User.AccountId() is not { } me || await InterviewerPolicy.RoleOfAsync(User, board, ct) is not { } role) return Forbid();
        var started = await book.StartAsync(
            new InterviewRequest(personId, Survey!, Modes[Mode!], Answerers[AnsweredBy!], Consent), me, User.DisplayName() ?? "interviewer", role, ct);
        switch (started.Status)
        {
            case InterviewStartStatus.NotFound:
                return NotFound();
            case InterviewStartStatus.Refused:
                Refusal = started.Reason;
                return Refused();
        }
        var interview = started.Interview!;
        if (interview.LastTurnId is null) await turns.StartAsync(interview, ct);
        return Redirect($"/staff/interviews/{interview.Id}{Words.Query}");
    }

    /// <summary>The page, as a 409 with the reason when the person cannot be interviewed.</summary>
    private IActionResult Refused()
    {
        if (Refusal is not null) Response.StatusCode = StatusCodes.Status409Conflict;
        return Page();
    }

    private async Task<bool> LoadAsync(Guid personId, CancellationToken ct)
    {
        var person = await db.People.AsNoTracking().FirstOrDefaultAsync(p => p.Id == personId, ct);
        if (person is null) return false;
        Name = person.Name ?? "(no name)";
        Refusal = await book.RefusalAsync(person, ct);
        Surveys = (await db.Surveys.AsNoTracking().Where(s => s.Status == SurveyStatus.Published && s.PublishedVersion != null)
                .Select(s => new { s.Id, s.Title }).ToListAsync(ct))
            .OrderBy(s => s.Title, StringComparer.CurrentCulture).Select(s => (s.Id, s.Title)).ToList();
        return true;
    }
}
