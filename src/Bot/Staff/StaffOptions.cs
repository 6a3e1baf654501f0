namespace CoProduction.Bot.Staff;

/// <summary>Settings from the "Staff" section.</summary>
public sealed class StaffOptions
{
    public const string SectionName = "Staff";

    /// <summary>
    /// The key for the staff API (header X-Api-Key) and for signing in to the staff pages.
    /// When unset, one is generated once and kept in data/staff-key.txt.
    /// </summary>
    public string? ApiKey { get; set; }
}
