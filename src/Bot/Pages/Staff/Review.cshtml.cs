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
/// </summary>
public sealed class ReviewModel(ReviewSheet sheet, ReviewBoard board) : PageModel
{
    public ReviewSheetView? Sheet { get; private set; }
    public IReadOnlyList<BoardMember> Members { get; private set; } = [];

    /// <summary>What the last action did, read out to screen readers (role=status).</summary>
    [TempData] public string? Message { get; set; }

    [BindProperty] public Guid Member { get; set; }
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
        Members = await board.MembersAsync(ct);
        return Page();
    }

    public Task<IActionResult> OnPostApproveAsync(string id, CancellationToken ct) =>
        Done(id, board.ApproveAsync(id, Member, ct), s => s.Approved ? "Approved: this version can now be published." : $"Approval recorded. {s.Waiting}");

    public Task<IActionResult> OnPostProposeAsync(string id, CancellationToken ct) =>
        Done(id, board.ProposeAsync(id, Question ?? "", Language, Variant, Text ?? "", Member, ct), p => $"Your wording for {p.QuestionId} was added (proposal {p.Id}).");

    public Task<IActionResult> OnPostVoteAsync(string id, CancellationToken ct) =>
        Done(id, board.VoteAsync(Proposal, Member, ct), votes => $"Vote recorded: proposal {Proposal} has {votes}.");

    public Task<IActionResult> OnPostAcceptAsync(string id, CancellationToken ct) =>
        Done(id, board.AcceptAsync(Proposal, Member, ct), version => $"Accepted: this is now version {version}, which needs approving again.");

    public Task<IActionResult> OnPostCommentAsync(string id, CancellationToken ct) =>
        Done(id, board.CommentAsync(id, Member, Text ?? "", string.IsNullOrEmpty(Question) ? null : Question, Proposal == 0 ? null : Proposal, ct), _ => "Comment added.");

    public Task<IActionResult> OnPostFlagAsync(string id, CancellationToken ct) =>
        Done(id, board.FlagAsync(id, Question ?? "", ChannelNames.TryParse(Channel, out var c) ? c : Surveys.Definitions.Channel.Web, Member, Text, ct),
            _ => "Thank you: \"this was confusing\" is noted at that question.");

    private async Task<IActionResult> Done<T>(string id, Task<BoardOutcome<T>> action, Func<T, string> ok)
    {
        var outcome = await action;
        Message = outcome.Status == BoardOutcomeStatus.Ok ? ok(outcome.Value!) : outcome.Reason;
        return RedirectToPage(new { id });
    }
}
