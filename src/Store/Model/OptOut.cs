namespace CoProduction.Store.Model;

/// <summary>
/// A STOP (or its family). Kept as history rather than a flag on the person: carriers expect us
/// to show when and to which of our numbers someone opted out, and when they came back.
/// </summary>
public sealed class OptOut
{
    public long Id { get; set; }

    /// <summary>E.164. Null only for a web chat user who has no phone on record.</summary>
    public string? Phone { get; set; }

    /// <summary>
    /// A one-way hash of <see cref="Phone"/> (see OptOutRegister.HashPhone). Kept when the person
    /// is erased and the number itself is removed, so a STOP still holds if the number comes back.
    /// </summary>
    public string? PhoneHash { get; set; }

    /// <summary>Who opted out, so a web chat STOP also holds for that person.</summary>
    public Guid? PersonId { get; set; }

    /// <summary>Our number they texted STOP to, when known.</summary>
    public string? OurNumber { get; set; }

    /// <summary>The standard keyword (STOP, UNSUBSCRIBE, ..., CARRIER, STAFF), never their own words: see OptOutRegister.</summary>
    public required string Keyword { get; set; }

    public DateTimeOffset At { get; set; }

    /// <summary>Set when they text START (or DECHRAU) or staff opt them back in; until then nothing is sent to them.</summary>
    public DateTimeOffset? EndedAt { get; set; }
    public string? EndedKeyword { get; set; }
}
