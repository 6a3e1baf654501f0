using System.Text.Json;
using CoProduction.Store;
using CoProduction.Surveys.Engine;
using Microsoft.EntityFrameworkCore;

namespace CoProduction.Scheduling.Dispatch;

/// <summary>
/// The texts of a start that went only in part, kept on the invitation
/// (<see cref="CoProduction.Store.Model.Invitation.UnsentTexts"/>) so a retry sends only those,
/// with the revision the person's session had when they were kept: a retry sends them only while
/// the session is still where the start left it (see <see cref="MovedOnAsync"/>).
/// </summary>
public static class UnsentTexts
{
    /// <param name="SessionRevision">The session's revision when the texts were kept; null for texts kept before revisions were (sent as they were then).</param>
    public sealed record Held(IReadOnlyList<string> Texts, int? SessionRevision);

    private sealed record Stored(List<string> Texts, int? Revision);

    public static Held? Read(string? stored)
    {
        if (string.IsNullOrEmpty(stored)) return null;
        // A bare array was kept before the session's revision was.
        if (stored.TrimStart().StartsWith('[')) return new Held(JsonSerializer.Deserialize<List<string>>(stored)!, null);
        var read = JsonSerializer.Deserialize<Stored>(stored)!;
        return new Held(read.Texts, read.Revision);
    }

    public static string? Write(IReadOnlyList<string>? texts, int? sessionRevision) =>
        texts is { Count: > 0 } ? JsonSerializer.Serialize(new Stored([.. texts], sessionRevision)) : null;

    /// <summary>The revision of the session the invitation started, now (null when there is none).</summary>
    public static Task<int?> RevisionAsync(StoreDbContext db, Guid invitationId, CancellationToken ct) =>
        db.Sessions.AsNoTracking().Where(s => s.InvitationId == invitationId)
            .OrderByDescending(s => s.StartedAt).Select(s => (int?)s.Revision).FirstOrDefaultAsync(ct);

    /// <summary>
    /// Why the kept texts must not go now, or null when they still may: the person replied since
    /// (the session was saved again, so their reply has moved it on past what the texts ask), the
    /// survey ended, or there is no session any more. Plain English for the round page; no phone
    /// number, no answer.
    /// </summary>
    public static async Task<string?> MovedOnAsync(StoreDbContext db, Guid invitationId, Held held, CancellationToken ct)
    {
        var session = await db.Sessions.AsNoTracking().Where(s => s.InvitationId == invitationId)
            .OrderByDescending(s => s.StartedAt).Select(s => new { s.Status, s.Revision }).FirstOrDefaultAsync(ct);
        if (session is null) return "The rest of the first texts was not sent: their survey is no longer in the store.";
        if (session.Status is not (SessionStatus.Active or SessionStatus.AwaitingCarryOn))
        {
            return "The rest of the first texts was not sent: their survey had ended before it could go.";
        }
        if (held.SessionRevision is { } kept && session.Revision != kept)
        {
            return "The rest of the first texts was not sent: they replied before it could go, and their reply carried the survey on.";
        }
        return null;
    }
}
