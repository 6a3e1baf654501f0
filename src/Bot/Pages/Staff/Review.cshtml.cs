using CoProduction.Bot.Accounts;
using CoProduction.Store.Board;
using CoProduction.Store.Model;
using CoProduction.Surveys.Definitions;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace CoProduction.Bot.Pages.Staff;

/// <summary>
/// The review page: each question side by side as SMS, voice, chat and easy read, with its checks,
/// proposals, votes, comments and flags; and forms to approve, propose, vote, comment and flag.
/// Plain forms, so it works without JavaScript and from the keyboard.
/// Every action is taken as the board member who is signed in; there is no "who is it" field.
/// </summary>
public sealed class ReviewModel(ReviewSheet sheet, ReviewBoard board) : PageModel
{
    public ReviewSheetView? Sheet { get; private set; }

    /// <summary>The signed-in board member, or null for staff and viewers, who only read.</summary>
    public BoardMember? Me { get; private set; }

    /// <summary>What the last action did, read out to screen readers (role=status).</summary>
    [TempData] public string? Message { get; set; }

    [BindProperty] public string? Question { get; set; }
    [BindProperty] public string? Language { get; set; }
    [BindProperty] public string? Variant { get; set; }
    [BindProperty] public string? Text { get; set; }
    [BindProperty] public long Proposal { get; set; }
    [BindProperty] public string? Channel { get; set; }

    public async Task<IActionResult> OnGetAsync(string id, CancellationToken ct)
    {
        Sheet = await sheet.GetAsync(id, ct);
        if (Sheet is null) return NotFound();
        Me = await CurrentMember.FindAsync(HttpContext, board, ct);
        return Page();
    }

    public Task<IActionResult> OnPostApproveAsync(string id, CancellationToken ct) =>
        Done(id, m => board.ApproveAsync(id, m, ct), s => s.Approved ? "Approved: this version can now be published." : $"Approval recorded. {s.Waiting}");

    public Task<IActionResult> OnPostProposeAsync(string id, CancellationToken ct) =>
        Done(id, m => board.ProposeAsync(id, Question ?? "", Language, Variant, Text ?? "", m, ct), p => $"Your wording for {p.QuestionId} was added (proposal {p.Id}).");

    public Task<IActionResult> OnPostVoteAsync(string id, CancellationToken ct) =>
        Done(id, m => board.VoteAsync(Proposal, m, ct), votes => $"Vote recorded: proposal {Proposal} has {votes}.");

    public Task<IActionResult> OnPostAcceptAsync(string id, CancellationToken ct) =>
        Done(id, m => board.AcceptAsync(Proposal, m, ct), version => $"Accepted: this is now version {version}, which needs approving again.");

    public Task<IActionResult> OnPostCommentAsync(string id, CancellationToken ct) =>
        Done(id, m => board.CommentAsync(id, m, Text ?? "", string.IsNullOrEmpty(Question) ? null : Question, Proposal == 0 ? null : Proposal, ct), _ => "Comment added.");

    public Task<IActionResult> OnPostFlagAsync(string id, CancellationToken ct) =>
        Done(id, m => board.FlagAsync(id, Question ?? "", ChannelNames.TryParse(Channel, out var c) ? c : Surveys.Definitions.Channel.Web, m, Text, ct),
            _ => "Thank you: \"this was confusing\" is noted at that question.");

    private async Task<IActionResult> Done<T>(string id, Func<Guid, Task<BoardOutcome<T>>> action, Func<T, string> ok)
    {
        if (await CurrentMember.FindAsync(HttpContext, board, HttpContext.RequestAborted) is not { } me) return Forbid();
        var outcome = await action(me.Id);
        Message = outcome.Status == BoardOutcomeStatus.Ok ? ok(outcome.Value!) : outcome.Reason;
        return RedirectToPage(new { id });
    }
}
