namespace CoProduction.Surveys.Understanding;

/// <summary>Recognises the words that work at any point: STOP family, START, HELP, REPEAT/AGAIN, SKIP.</summary>
public static class CommandReader
{
    public static Command Recognize(string reply) => throw new NotImplementedException("being written");

    /// <summary>The opt-out keyword as recorded ("STOP", "UNSUBSCRIBE", ...), for the opt-out record.</summary>
    public static string Normalize(string reply) => reply.Trim().ToUpperInvariant();
}
