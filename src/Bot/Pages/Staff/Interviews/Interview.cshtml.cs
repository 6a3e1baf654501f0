using CoProduction.Bot.Accounts;
using CoProduction.Bot.Interviews;
using CoProduction.Store;
using CoProduction.Store.Conversations;
using CoProduction.Store.Interviews;
using CoProduction.Store.Model;
using CoProduction.Store.Results;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Bot.Schema;
using Microsoft.EntityFrameworkCore;

namespace CoProduction.Bot.Pages.Staff.Interviews;

/// <summary>
/// The interview itself, chat-like: what the service says (to read aloud), the answer's buttons
/// and a box for what the person said. Each answer is one turn of the survey, posted with the
/// token the page was given, so pressing twice records it once.
/// </summary>
public sealed class InterviewModel(
    StoreDbContext db, InterviewBook book, InterviewTurns turns, ResultsQuery results, FieldLimits limits) : PageModel
{
    [BindProperty(SupportsGet = true)] public string? Lang { get; set; }
    [BindProperty] public string? Token { get; set; }
    [BindProperty] public string? Typed { get; set; }
    [BindProperty] public string? Choice { get; set; }

    public InterviewWords Words => InterviewWords.For(Lang);
    public Interview Interview { get; private set; } = null!;
    public string Name { get; private set; } = "";
    public string SurveyTitle { get; private set; } = "";
    public IReadOnlyList<string> SurveyLanguages { get; private set; } = [];
    public IReadOnlyList<Activity> Said { get; private set; } = [];
    public string NextToken { get; } = InterviewTurnIds.NewToken();
    public string? Error { get; private set; }
    public int MaxAnswer => limits.MaxLength<Answer>(nameof(Answer.Raw)) ?? 4000;

    /// <summary>The buttons of the last thing said: the choices, a Skip for an optional question.</summary>
    public IReadOnlyList<CardAction> Choices => Said.LastOrDefault()?.SuggestedActions?.Actions?.ToList() ?? [];

    public async Task<IActionResult> OnGetAsync(Guid id, CancellationToken ct)
    {
        if (!await LoadAsync(id, ct)) return NotFound();
        Said = await turns.LastRepliesAsync(Interview, ct);
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(Guid id, CancellationToken ct)
    {
        if (!await LoadAsync(id, ct)) return NotFound();
        if (!InterviewTurnIds.IsToken(Token)) return BadRequest();
        var answer = string.IsNullOrWhiteSpace(Choice) ? Typed?.Trim() : Choice.Trim();
        if (Interview.Status != InterviewStatus.InProgress) return await AgainAsync(null, StatusCodes.Status409Conflict, ct);
        if (string.IsNullOrEmpty(answer)) return await AgainAsync(Words.EnterSomething, StatusCodes.Status400BadRequest, ct);
        if (answer.Length > MaxAnswer) return await AgainAsync(string.Format(System.Globalization.CultureInfo.InvariantCulture, Words.AnswerTooLong, MaxAnswer), StatusCodes.Status400BadRequest, ct);
        try
        {
            await turns.AnswerAsync(Interview, Token!, answer, ct);
        }
        catch (Exception e) when (e is ConversationConflictException || StoreFailures.IsTransient(e))
        {
            return await AgainAsync(Words.TryAgain, StatusCodes.Status409Conflict, ct);
        }
        return Redirect($"/staff/interviews/{id}{Words.Query}");
    }

    /// <summary>The page again with the problem, the answer still typed in, and the last question.</summary>
    private async Task<IActionResult> AgainAsync(string? error, int status, CancellationToken ct)
    {
        Error = error;
        Said = await turns.LastRepliesAsync(Interview, ct);
        Response.StatusCode = status;
        return Page();
    }

    /// <summary>Only the interviewer's own interview exists for them; anyone else gets a 404.</summary>
    private async Task<bool> LoadAsync(Guid id, CancellationToken ct)
    {
        if (await book.FindAsync(id, ct) is not { } interview || interview.InterviewerId != User.AccountId()) return false;
        Interview = interview;
        Name = await db.People.AsNoTracking().Where(p => p.Id == interview.PersonId).Select(p => p.Name).FirstOrDefaultAsync(ct) ?? "(no name)";
        var definition = await results.DefinitionAsync(interview.SurveyId, interview.Version, ct);
        SurveyTitle = definition?.Titles?.Get(Words.Lang) ?? definition?.Title ?? interview.SurveyId;
        SurveyLanguages = definition?.Languages ?? [];
        return true;
    }
}
