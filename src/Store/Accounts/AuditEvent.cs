namespace CoProduction.Store.Accounts;

/// <summary>
/// One entry in the audit log: who signed in, whose role changed, which key was made or revoked.
/// Approvals are in the review history (<see cref="Model.ReviewEvent"/>); the admin page shows both.
/// Never a phone number or an answer in <see cref="Detail"/>.
/// </summary>
public sealed class AuditEvent
{
    public long Id { get; set; }
    public DateTimeOffset At { get; set; }

    /// <summary>signed-in, sign-in-refused, account-created, role-changed, account-removed, key-created, key-revoked.</summary>
    public required string Action { get; set; }

    /// <summary>Who did it: a person's name, a key's name, or "staff key".</summary>
    public required string Actor { get; set; }

    /// <summary>The account it was about, when there is one.</summary>
    public Guid? AccountId { get; set; }

    public required string Detail { get; set; }
}
