namespace CoProduction.Store.Accounts;

/// <summary>
/// A named key for one integration (or one board member's own use), with one role. Only the
/// key's SHA-256 is kept: the key itself is shown once, when it is made.
/// </summary>
public sealed class ApiKey
{
    public long Id { get; set; }
    public required string Name { get; set; }

    /// <summary>The first characters of the key, so people can tell their keys apart.</summary>
    public required string Prefix { get; set; }

    /// <summary>SHA-256 of the whole key, hex. Keys are long and random, so no salt is needed.</summary>
    public required string Hash { get; set; }

    public required string Role { get; set; }

    /// <summary>The account the key acts as (a board member's own key), or null for an integration.</summary>
    public Guid? AccountId { get; set; }

    public Guid? CreatedBy { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset? LastUsedAt { get; set; }
    public DateTimeOffset? RevokedAt { get; set; }
}
