using CoProduction.Surveys.Definitions;

namespace CoProduction.Store.Model;

/// <summary>
/// One person asked to answer one survey version once, over one channel. The unique
/// <see cref="IdempotencyKey"/> is what makes "create the invitations" and "send them" safe to run
/// twice, or on two servers at once: a second insert of the same key is refused by the database.
/// </summary>
public sealed class Invitation
{
    public Guid Id { get; set; }

    /// <summary>"round:{roundId}:{personId}" or "checkin:{personId}:{yyyy-MM-dd}".</summary>
    public required string IdempotencyKey { get; set; }

    public InvitationKind Kind { get; set; }
    public Guid? RoundId { get; set; }
    public Guid PersonId { get; set; }
    public required string SurveyId { get; set; }
    public int Version { get; set; }
    public Channel Channel { get; set; }
    public InvitationStatus Status { get; set; }

    /// <summary>Unguessable, for the web chat link (/chat?invite=token).</summary>
    public required string Token { get; set; }

    /// <summary>Not sent before this (opening time, the end of quiet hours, a retry's backoff).</summary>
    public DateTimeOffset NotBefore { get; set; }

    /// <summary>After this it is expired: the round closes, or the check-in window ends.</summary>
    public DateTimeOffset ExpiresAt { get; set; }

    /// <summary>For a check-in: the due date it was made for; the next one is a year on.</summary>
    public DateOnly? CheckinDate { get; set; }

    public int Attempts { get; set; }
    public int RemindersSent { get; set; }

    /// <summary>When the next reminder is due; null when none is (started, closed, none left).</summary>
    public DateTimeOffset? RemindAt { get; set; }

    /// <summary>Twilio's MessageSid or CallSid of the last send, to match status callbacks.</summary>
    public string? ProviderId { get; set; }

    /// <summary>Why it failed or was held back, in plain English for the staff page.</summary>
    public string? LastError { get; set; }

    /// <summary>
    /// When a dispatcher began handing it to Twilio (set just before the request, cleared when the
    /// answer is recorded). Still set on an invitation left "sending" means the node stopped in
    /// between: the message may have gone, so it is never sent again.
    /// </summary>
    public DateTimeOffset? HandedOverAt { get; set; }

    /// <summary>
    /// The texts of a start that went only in part (an SMS survey's intro went, its first question
    /// did not), as a JSON array, in order: a retry sends only these, never what went. Null once
    /// all went or it failed for good.
    /// </summary>
    public string? UnsentTexts { get; set; }

    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset? SentAt { get; set; }
    public DateTimeOffset? DeliveredAt { get; set; }
    public DateTimeOffset? StartedAt { get; set; }
    public DateTimeOffset? CompletedAt { get; set; }
    public DateTimeOffset? EndedAt { get; set; }
}
