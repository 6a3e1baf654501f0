namespace CoProduction.Surveys.Understanding;

/// <summary>Words that mean the same at any point in a conversation, whatever the question.</summary>
public enum Command
{
    None,
    /// <summary>STOP, UNSUBSCRIBE, END, QUIT, STOPALL, REVOKE, OPTOUT, CANCEL, STOPIO and the same wish in people's own words (CommandWords.txt).</summary>
    Stop,
    /// <summary>START, UNSTOP, DECHRAU: the only words that opt back in, and only by text. A "yes" never does.</summary>
    Start,
    Help,
    /// <summary>REPEAT, AGAIN: hear the question again.</summary>
    Repeat,
    /// <summary>SKIP: leave an optional question out.</summary>
    Skip,
}
