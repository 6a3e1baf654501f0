namespace CoProduction.Surveys.Engine;

public enum SessionStatus
{
    /// <summary>Waiting for the answer to the current question.</summary>
    Active,
    /// <summary>The person came back after a break; we asked whether to carry on.</summary>
    AwaitingCarryOn,
    Completed,
    /// <summary>Ended by STOP (or its family).</summary>
    Stopped,
    /// <summary>No reply for longer than the session lifetime.</summary>
    Expired,
    /// <summary>The person started the survey again from the beginning.</summary>
    Abandoned,
    /// <summary>
    /// Set aside by the service after turns failed twice on its saved state. Unlike Abandoned,
    /// the person did not choose to start again: the answers they gave still count.
    /// </summary>
    Reset,
}
