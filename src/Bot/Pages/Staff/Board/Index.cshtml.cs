using CoProduction.Store.Board;
using CoProduction.Store.Model;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace CoProduction.Bot.Pages.Staff.Board;

/// <summary>The co-production board's members, and whether each can sign in yet.</summary>
public sealed class IndexModel(ReviewBoard board) : PageModel
{
    public IReadOnlyList<BoardMember> Members { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken ct) => Members = await board.MembersAsync(ct);

    public static string RoleName(CoProduction.Surveys.Review.BoardRole role) => role switch
    {
        CoProduction.Surveys.Review.BoardRole.ExpertByExperience => "Expert by experience",
        CoProduction.Surveys.Review.BoardRole.PeerResearcher => "Peer researcher",
        CoProduction.Surveys.Review.BoardRole.FamilyCarer => "Family carer",
        _ => "Staff",
    };
}
