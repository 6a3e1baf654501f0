namespace CoProduction.Store.Board;

public enum BoardOutcomeStatus
{
    Ok,
    /// <summary>The survey, member or proposal does not exist (404).</summary>
    NotFound,
    /// <summary>Not allowed in this state (409), for example approving a retired survey.</summary>
    Refused,
    /// <summary>The request itself is wrong (400), for example an unknown language.</summary>
    Invalid,
}

/// <summary>What a board action did: refusals are values with a plain reason, not exceptions.</summary>
public sealed record BoardOutcome<T>(BoardOutcomeStatus Status, T? Value, string Reason)
{
    public static BoardOutcome<T> Ok(T value) => new(BoardOutcomeStatus.Ok, value, "");
    public static BoardOutcome<T> NotFound(string reason) => new(BoardOutcomeStatus.NotFound, default, reason);
    public static BoardOutcome<T> Refused(string reason) => new(BoardOutcomeStatus.Refused, default, reason);
    public static BoardOutcome<T> Invalid(string reason) => new(BoardOutcomeStatus.Invalid, default, reason);
}

public sealed record ApprovalState(int Version, int Approvals, int Needed, bool Approved, string Stage, string? Waiting);
