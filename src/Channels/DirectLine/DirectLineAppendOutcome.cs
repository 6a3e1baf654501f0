namespace CoProduction.Channels.DirectLine;

/// <summary>What became of a visitor's activity handed to the history with the client's own id for it.</summary>
public enum DirectLineAppendOutcome
{
    /// <summary>Kept, with whatever came with it.</summary>
    Appended,

    /// <summary>An activity with the same client id is kept already (the client sent it again): nothing was added.</summary>
    Repeated,

    /// <summary>The conversation does not exist or has expired.</summary>
    Gone,
}
