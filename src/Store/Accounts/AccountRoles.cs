using Microsoft.AspNetCore.Identity;

namespace CoProduction.Store.Accounts;

/// <summary>
/// The four roles. A board member's board role (expert by experience, peer researcher, family
/// carer, staff) is on their <see cref="Model.BoardMember"/> row, not here.
/// </summary>
public static class AccountRoles
{
    /// <summary>Everything, including accounts and API keys.</summary>
    public const string Admin = "admin";

    /// <summary>Surveys, people, rounds, results and the board's membership.</summary>
    public const string Staff = "staff";

    /// <summary>Reviews, proposes, comments, votes and approves, always as themselves.</summary>
    public const string Board = "board";

    /// <summary>Reads surveys, reviews and results; changes nothing.</summary>
    public const string Viewer = "viewer";

    public static readonly IReadOnlyList<string> All = [Admin, Staff, Board, Viewer];

    public static bool IsRole(string? name) => name is not null && All.Contains(name);

    /// <summary>
    /// Seeded with the schema (fixed ids and stamps, so the migration is stable and two nodes
    /// starting at once cannot both create them).
    /// </summary>
    internal static IEnumerable<IdentityRole<Guid>> Seed() =>
        All.Select((name, i) => new IdentityRole<Guid>
        {
            Id = new Guid($"5eed0000-0000-0000-0000-00000000000{i + 1}"),
            Name = name,
            NormalizedName = name.ToUpperInvariant(),
            ConcurrencyStamp = $"role-{name}",
        });
}
