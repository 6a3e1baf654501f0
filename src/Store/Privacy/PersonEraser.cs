using System.Security.Cryptography;
using CoProduction.Store.Accounts;
using CoProduction.Store.Interviews;
using CoProduction.Store.Model;
using CoProduction.Store.OptOuts;
using CoProduction.Store.Setup;
using CoProduction.Surveys.Engine;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace CoProduction.Store.Privacy;

public enum ErasureStatus { Erased, AlreadyErased, NotFound }

/// <param name="Answers">How many answers were made anonymous, or deleted (see <paramref name="AnswersDeleted"/>).</param>
public sealed record ErasureOutcome(ErasureStatus Status, int Answers = 0, bool AnswersDeleted = false);

/// <summary>
/// Erases one person on request, in one transaction: their contact details, groups, the outbox's
/// messages to them, their web chats and bot memory, and their invitations' links go; their
/// answers (and interviews) stay without anything that identifies them, or are deleted (Privacy:ErasedAnswers).
/// Their opt-outs stay, holding a hash of the number instead of the number, so a STOP is never
/// lost: if the number is imported again it is still not texted until they text START.
/// Erasing twice is harmless: the second time finds the person already erased.
/// </summary>
public sealed class PersonEraser(StoreDbContext db, IOptions<PrivacyOptions> options, TimeProvider time, StoreWriteGate writeGate)
{
    private static readonly SessionStatus[] Open = [SessionStatus.Active, SessionStatus.AwaitingCarryOn];

    public async Task<ErasureOutcome> EraseAsync(Guid personId, string actor, CancellationToken ct)
    {
        using var writing = await writeGate.EnterAsync(ct);
        var now = time.GetUtcNow();
        var delete = options.Value.DeletesAnswers;
        await using var tx = await db.Database.BeginTransactionAsync(ct);

        // The claim comes first: on PostgreSQL it locks the row, so of two erasures at once the
        // second waits, then finds it done.
        var claimed = await db.People.Where(p => p.Id == personId && p.ErasedAt == null)
            .ExecuteUpdateAsync(u => u.SetProperty(p => p.ErasedAt, now), ct);
        if (claimed == 0)
        {
            var exists = await db.People.AnyAsync(p => p.Id == personId, ct);
            return new ErasureOutcome(exists ? ErasureStatus.AlreadyErased : ErasureStatus.NotFound);
        }

        var person = await db.People.SingleAsync(p => p.Id == personId, ct);
        var phone = person.Phone;
        var web = person.WebUserId;

        await KeepOptOutsAsync(personId, phone, ct);
        await db.PersonGroups.Where(g => g.PersonId == personId).ExecuteDeleteAsync(ct);
        await ForgetMessagesAsync(phone, web, ct);

        var sessions = db.Sessions.Where(s => s.PersonId == personId);
        var answers = PersonAnswers.Of(db, personId);
        int count;
        var interviews = db.Interviews.Where(i => i.PersonId == personId);
        await ForgetInterviewTurnsAsync(interviews, ct);
        if (delete)
        {
            // Interviews point at their sessions, so they go first.
            await interviews.ExecuteDeleteAsync(ct);
            count = await answers.ExecuteDeleteAsync(ct);
            await sessions.ExecuteDeleteAsync(ct);
            await db.Invitations.Where(i => i.PersonId == personId).ExecuteDeleteAsync(ct);
        }
        else
        {
            // What they typed word for word goes; the understood value, which results count, stays.
            count = await answers.ExecuteUpdateAsync(u => u.SetProperty(a => a.Raw, ""), ct);
            await sessions.Where(s => Open.Contains(s.Status)).ExecuteUpdateAsync(u => u
                .SetProperty(s => s.Status, SessionStatus.Stopped).SetProperty(s => s.EndedAt, now), ct);
            // The saved state repeats their answers and, on a call, what was heard.
            await sessions.ExecuteUpdateAsync(u => u.SetProperty(s => s.StateJson, "{}").SetProperty(s => s.Revision, s => s.Revision + 1), ct);
            await CloseInvitationsAsync(personId, now, ct);
            // Kept with the anonymous answers (who asked, how, consent), but none goes on.
            await interviews.Where(i => i.Status == InterviewStatus.InProgress).ExecuteUpdateAsync(u => u
                .SetProperty(i => i.Status, InterviewStatus.Ended).SetProperty(i => i.EndedAt, now), ct);
            await interviews.ExecuteUpdateAsync(u => u.SetProperty(i => i.LastTurnId, (string?)null), ct);
        }

        person.Phone = null;
        person.WebUserId = null;
        person.Name = null;
        person.Language = null;
        person.TimeZone = null;
        person.PreferredChannel = null;
        person.ConsentDate = null;
        person.NextCheckin = null;
        person.EasyRead = false;
        person.SlowPace = false;
        person.UpdatedAt = now;
        AuditLog.Add(db, AuditActions.PersonErased, actor, null,
            $"Person {personId}: contact details removed; {count} answers {(delete ? "deleted" : "kept without anything that identifies them")}.", now);
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return new ErasureOutcome(ErasureStatus.Erased, count, delete);
    }

    /// <summary>
    /// An interview's turns keep the replies the page showed, which can repeat an answer ("I
    /// heard: ..."); they go, as the words they texted do. The interview's id begins each turn's id.
    /// </summary>
    private async Task ForgetInterviewTurnsAsync(IQueryable<Interview> interviews, CancellationToken ct)
    {
        foreach (var id in await interviews.Select(i => i.Id).ToListAsync(ct))
        {
            var prefix = InterviewTurnIds.For(id, "");
            await db.InboundMessages.Where(m => m.MessageId.StartsWith(prefix)).ExecuteDeleteAsync(ct);
        }
    }

    /// <summary>Every opt-out of theirs keeps only the number's hash, and their person id.</summary>
    private async Task KeepOptOutsAsync(Guid personId, string? phone, CancellationToken ct)
    {
        if (phone is not null)
        {
            var hash = OptOutRegister.HashPhone(phone);
            await db.OptOuts.Where(o => o.Phone == phone)
                .ExecuteUpdateAsync(u => u.SetProperty(o => o.PhoneHash, hash).SetProperty(o => o.Phone, (string?)null), ct);
        }
        // An opt-out recorded against them by another number (a STOP typed in a chat) keeps the
        // other number's hash only, for the same reason.
        var others = await db.OptOuts.Where(o => o.PersonId == personId && o.Phone != null).ToListAsync(ct);
        foreach (var o in others)
        {
            o.PhoneHash ??= OptOutRegister.HashPhone(o.Phone!);
            o.Phone = null;
        }
    }

    private async Task ForgetMessagesAsync(string? phone, string? web, CancellationToken ct)
    {
        foreach (var address in new[] { phone, web }.OfType<string>())
        {
            await db.OutboxMessages.Where(m => m.To == address).ExecuteDeleteAsync(ct);
            // Bot Framework state keys end with the phone number or chat user id.
            var suffix = "/" + address;
            await db.BotStateItems.Where(i => i.Key.EndsWith(suffix)).ExecuteDeleteAsync(ct);
        }
        if (web is not null)
        {
            // The database's cascade takes the chats' activities and members with them.
            await db.WebChatConversations.Where(c => c.UserId == web).ExecuteDeleteAsync(ct);
        }
    }

    /// <summary>
    /// Invitations stay for the rounds' counts, but nothing more can be sent, and the old chat link
    /// and Twilio's message id no longer lead to them.
    /// </summary>
    private async Task CloseInvitationsAsync(Guid personId, DateTimeOffset now, CancellationToken ct)
    {
        var invitations = await db.Invitations.Where(i => i.PersonId == personId).ToListAsync(ct);
        foreach (var i in invitations)
        {
            if (!i.Status.IsFinal())
            {
                i.Status = InvitationStatus.Expired;
                i.EndedAt = now;
                i.LastError = "The person asked for their details to be erased.";
            }
            i.RemindAt = null;
            i.ProviderId = null;
            i.Token = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));
        }
    }
}
