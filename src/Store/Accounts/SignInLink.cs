namespace CoProduction.Store.Accounts;

/// <summary>
/// A one-time sign-in sent by text: a link (a long random token) and a 6-digit code for people
/// who cannot open links. Only hashes are kept. Either one works once, within its time.
/// </summary>
public sealed class SignInLink
{
    public long Id { get; set; }
    public Guid AccountId { get; set; }

    /// <summary>SHA-256 of the link's token, hex.</summary>
    public required string TokenHash { get; set; }

    /// <summary>SHA-256 of the account id and the 6-digit code, hex.</summary>
    public required string CodeHash { get; set; }

    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset ExpiresAt { get; set; }

    /// <summary>Set the moment it is used; a second use finds it set and is refused.</summary>
    public DateTimeOffset? UsedAt { get; set; }

    /// <summary>Wrong codes typed against it; at the limit it stops working.</summary>
    public int FailedAttempts { get; set; }
}
