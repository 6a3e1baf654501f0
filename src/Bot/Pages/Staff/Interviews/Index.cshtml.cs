using CoProduction.Bot.Accounts;
using CoProduction.Bot.Interviews;
using CoProduction.Store.Interviews;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace CoProduction.Bot.Pages.Staff.Interviews;

/// <summary>A peer researcher's start: their unfinished interviews, and the people due a check-in (or found by name) to interview.</summary>
public sealed class IndexModel(InterviewBook book, TimeProvider time) : PageModel
{
    /// <summary>How far ahead a check-in counts as due.</summary>
    public static readonly int DueWithinDays = 31;

    public const int MaxShown = 50;

    [BindProperty(SupportsGet = true)] public string? Lang { get; set; }
    [BindProperty(SupportsGet = true)] public string? Q { get; set; }

    public InterviewWords Words => InterviewWords.For(Lang);
    public IReadOnlyList<(Interview Interview, string Name)> Unfinished { get; private set; } = [];
    public IReadOnlyList<Interviewee> People { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken ct)
    {
        Q = Q?.Trim() is { Length: > 0 and <= 200 } q ? q : null;
        if (User.AccountId() is { } me) Unfinished = await book.InProgressAsync(me, ct);
        var today = DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime);
        People = await book.CandidatesAsync(today.AddDays(DueWithinDays), Q, MaxShown, ct);
    }
}
