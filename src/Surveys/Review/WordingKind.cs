namespace CoProduction.Surveys.Review;

/// <summary>Where a wording is read or heard: each has its own checks.</summary>
public enum WordingKind
{
    Sms,
    Voice,
    Chat,
    EasyRead,
}

public static class WordingKindNames
{
    public static string ToName(this WordingKind kind) => kind switch
    {
        WordingKind.Sms => "sms",
        WordingKind.Voice => "voice",
        WordingKind.Chat => "chat",
        WordingKind.EasyRead => "easy-read",
        _ => throw new ArgumentOutOfRangeException(nameof(kind)),
    };
}
