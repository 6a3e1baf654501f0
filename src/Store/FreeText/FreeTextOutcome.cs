namespace CoProduction.Store.FreeText;

public enum FreeTextStatus
{
    Done,
    Created,

    /// <summary>No such survey, question, round, answer, theme or quote (for this survey).</summary>
    NotFound,

    /// <summary>The request itself is wrong: a blank name, a number question, a page 0.</summary>
    Invalid,

    /// <summary>Right in itself, but not now: a name another theme has, a flagged quote without a reason.</summary>
    Conflict,
}

/// <summary>What a free-text action came to; <see cref="Detail"/> says why, in plain English, when it did not happen.</summary>
public sealed record FreeTextOutcome<T>(FreeTextStatus Status, T? Value = default, string? Detail = null)
{
    public bool Succeeded => Status is FreeTextStatus.Done or FreeTextStatus.Created;

    public static FreeTextOutcome<T> NotFound(string detail) => new(FreeTextStatus.NotFound, default, detail);
    public static FreeTextOutcome<T> Invalid(string detail) => new(FreeTextStatus.Invalid, default, detail);
    public static FreeTextOutcome<T> Conflict(string detail) => new(FreeTextStatus.Conflict, default, detail);
}

/// <summary>Who is reading or changing: a person's name or a key's name, and their account when they have one.</summary>
public sealed record Actor(string Name, Guid? AccountId)
{
    public string Short => Name.Length > FreeTextLimits.Who ? Name[..FreeTextLimits.Who] : Name;
}
