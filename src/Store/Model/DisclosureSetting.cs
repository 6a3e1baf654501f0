namespace CoProduction.Store.Model;

/// <summary>
/// The disclosure thresholds the board has raised in the app: one row (<see cref="Id"/> 1). Public
/// figures use the larger of these and the configured ones (<see cref="Results.DisclosureOptions"/>),
/// so neither a setting nor a row can lower them; the app only ever raises them.
/// </summary>
public sealed class DisclosureSetting
{
    public const int OnlyId = 1;

    public int Id { get; set; } = OnlyId;

    /// <summary>No figure at all for a group answered by fewer people than this.</summary>
    public int MinimumGroup { get; set; }

    /// <summary>An answer chosen by 1 to (this - 1) people is shown only as "fewer than this".</summary>
    public int SmallCount { get; set; }

    /// <summary>Grows by one with each change; the database refuses a save made from an older copy.</summary>
    public int Version { get; set; }

    /// <summary>When the board last raised them; null while they are as first set up.</summary>
    public DateTimeOffset? UpdatedAt { get; set; }
}
