using CoProduction.Store;
using CoProduction.Store.Accounts;
using CoProduction.Store.Board;
using CoProduction.Store.Model;
using CoProduction.Surveys.Review;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace CoProduction.Bot.Accounts;

public sealed record BoardInvitation(BoardMember? Member, string? Problem, bool Conflict = false, TextSignInSend? Text = null);

/// <summary>
/// Staff add a board member; with a phone number the member gets an account of their own
/// (role board) and a sign-in text. Without one they are on the board but cannot act until
/// an account is linked.
/// </summary>
public sealed class BoardInvitations(StoreDbContext db, ReviewBoard board, UserManager<Account> users, TextSignIn texts, TimeProvider time)
{
    /// <summary>The name and board role an invitation needs, checked the same for the API and the page.</summary>
    public static (BoardRole Role, string? Field, string? Problem) Check(string? name, string? role, FieldLimits limits)
    {
        var maxName = limits.MaxLength<BoardMember>(nameof(BoardMember.Name))!.Value;
        if (string.IsNullOrWhiteSpace(name) || name.Length > maxName) return (default, "name", $"Give the member's name (up to {maxName} characters).");
        if (!BoardRoles.TryParse(role, out var parsed)) return (default, "role", "The role must be expert-by-experience, peer-researcher, family-carer or staff.");
        return (parsed, null, null);
    }

    public async Task<BoardInvitation> InviteAsync(string name, BoardRole role, string? phone, string baseUrl, CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(phone))
            return new BoardInvitation(await board.AddMemberAsync(name, role, null, ct), null);

        var e164 = CoProduction.Store.PhoneNumbers.ToE164(phone);
        if (e164 is null) return new BoardInvitation(null, "That phone number does not look right. Write it like 07700 900123 or +447700900123.");
        if (await db.Users.AnyAsync(u => u.PhoneNumber == e164, ct))
            return new BoardInvitation(null, "Someone already signs in with that phone number.", Conflict: true);

        var account = new Account
        {
            Id = Guid.NewGuid(), UserName = "member-" + Guid.NewGuid().ToString("N")[..12], DisplayName = name.Trim(),
            PhoneNumber = e164, CreatedAt = time.GetUtcNow(),
        };
        await using (var tx = await db.Database.BeginTransactionAsync(ct))
        {
            try
            {
                var created = await users.CreateAsync(account);
                if (!created.Succeeded) return new BoardInvitation(null, string.Join(" ", created.Errors.Select(e => e.Description)));
                await users.AddToRoleAsync(account, AccountRoles.Board);
                var member = await board.AddMemberAsync(name, role, account.Id, ct);
                await tx.CommitAsync(ct);
                var sent = await texts.SendAsync(account, baseUrl, ct);
                return new BoardInvitation(member, null, Text: sent);
            }
            catch (DbUpdateException)
            {
                // Two invitations for one number at once: the unique index lets one through.
                return new BoardInvitation(null, "Someone already signs in with that phone number.", Conflict: true);
            }
        }
    }
}
