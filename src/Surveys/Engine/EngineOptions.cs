namespace CoProduction.Surveys.Engine;

public sealed class EngineOptions
{
    /// <summary>A session with no reply for this long is closed; the next text starts afresh.</summary>
    public TimeSpan SessionLifetime { get; set; } = TimeSpan.FromDays(7);

    /// <summary>After a silence this long, a reply that is not an answer gets "carry on?".</summary>
    public TimeSpan CarryOnOfferAfter { get; set; } = TimeSpan.FromHours(2);

    /// <summary>Unclear replies to one question before moving on (the question is re-asked this many times).</summary>
    public int MaxReasks { get; set; } = 2;
}
