namespace CoProduction.Store.Model;

/// <summary>Where a "you said, we did" action stands.</summary>
public enum ActionStatus
{
    Planned,
    Done,
    /// <summary>Not possible; the action says why.</summary>
    NotPossible,
}
