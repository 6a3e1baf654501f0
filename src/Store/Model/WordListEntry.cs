namespace CoProduction.Store.Model;

public enum WordListKind
{
    Jargon,
    Stigmatising,
}

/// <summary>One phrase on the board's jargon or stigmatising list, with what to say instead.</summary>
public sealed class WordListEntry
{
    public long Id { get; set; }
    public WordListKind Kind { get; set; }
    public required string Phrase { get; set; }
    public string? Instead { get; set; }
    public Guid? AddedBy { get; set; }
    public DateTimeOffset At { get; set; }
}
