namespace CoProduction.Surveys.Review;

/// <summary>The checks on one wording as it is really sent or spoken on one channel.</summary>
/// <param name="Text">Exactly what the person gets: for SMS the rendered message with its reply hint; for voice what is said.</param>
public sealed record WordingReport(
    WordingKind Kind,
    string Language,
    string Text,
    double ReadingEase,
    double Grade,
    int Words,
    int Sentences,
    IReadOnlyList<WordingFinding> Findings)
{
    /// <summary>SMS only: GSM-7 or UCS-2.</summary>
    public string? SmsEncoding { get; init; }

    /// <summary>SMS only: how many billed parts the message travels as.</summary>
    public int? SmsSegments { get; init; }

    /// <summary>SMS only: length in the encoding's units.</summary>
    public int? SmsCharacters { get; init; }

    /// <summary>Voice only: about how long it takes to hear, at the configured pace.</summary>
    public double? VoiceSeconds { get; init; }
}
