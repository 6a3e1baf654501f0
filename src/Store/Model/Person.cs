using CoProduction.Surveys.Definitions;

namespace CoProduction.Store.Model;

/// <summary>
/// Someone who answers surveys. Reached by phone (SMS, voice) and/or a web user id; a person is
/// created the first time we save a turn for them, so a stray load never leaves empty rows.
/// </summary>
public sealed class Person
{
    public Guid Id { get; set; }

    /// <summary>E.164 (+447700900123). Unique when set: one phone is one person.</summary>
    public string? Phone { get; set; }

    /// <summary>The web chat user id, when they have used web chat.</summary>
    public string? WebUserId { get; set; }

    public string? Name { get; set; }
    public string? Language { get; set; }
    public bool EasyRead { get; set; }

    /// <summary>They asked for more time between messages or prompts.</summary>
    public bool SlowPace { get; set; }

    public Channel? PreferredChannel { get; set; }

    /// <summary>IANA time zone, for quiet hours.</summary>
    public string? TimeZone { get; set; }

    /// <summary>When they gave consent to be contacted (from the people import).</summary>
    public DateOnly? ConsentDate { get; set; }

    /// <summary>Their next yearly check-in; the daily check-in job reads this column.</summary>
    public DateOnly? NextCheckin { get; set; }

    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }

    /// <summary>
    /// Set when the person's details were erased on request (see Privacy.PersonEraser). The row
    /// stays, empty, so answers kept anonymously still belong to one response and a second
    /// erasure knows it is done.
    /// </summary>
    public DateTimeOffset? ErasedAt { get; set; }
}
