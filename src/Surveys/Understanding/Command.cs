namespace CoProduction.Surveys.Understanding;

/// <summary>Words that mean the same at any point in a conversation, whatever the question.</summary>
public enum Command
{
    None,
    /// <summary>STOP, UNSUBSCRIBE, END, QUIT, STOPALL, REVOKE, OPTOUT, CANCEL (and "stop texting me").</summary>
    Stop,
    /// <summary>START, UNSTOP, YES after an opt-out prompt is NOT this: only START / UNSTOP.</summary>
    Start,
    Help,
    /// <summary>REPEAT, AGAIN: hear the question again.</summary>
    Repeat,
    /// <summary>SKIP: leave an optional question out.</summary>
    Skip,
}
