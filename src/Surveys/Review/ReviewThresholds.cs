namespace CoProduction.Surveys.Review;

/// <summary>
/// Where advice starts. Plain-English guidance (Plain English Campaign, GOV.UK, Mencap's
/// easy-read guide) is the source; the board may tune them.
/// </summary>
public sealed record ReviewThresholds
{
    /// <summary>Below this Flesch reading ease, the wording is harder than plain English.</summary>
    public double MinReadingEase { get; init; } = 60;

    /// <summary>Above this Flesch-Kincaid grade (US school year), many readers will struggle.</summary>
    public double MaxGrade { get; init; } = 8;

    public int MaxSentenceWords { get; init; } = 20;
    public int LongWordSyllables { get; init; } = 4;
    public int LongWordLetters { get; init; } = 13;

    public int MaxEasyReadSentenceWords { get; init; } = 12;
    public int EasyReadMaxSyllables { get; init; } = 2;

    /// <summary>Text-to-speech pace; a slow, clear voice is about 140 words a minute.</summary>
    public int VoiceWordsPerMinute { get; init; } = 140;
    public double MaxVoiceSeconds { get; init; } = 20;

    public int MaxSmsSegments { get; init; } = 1;
}
