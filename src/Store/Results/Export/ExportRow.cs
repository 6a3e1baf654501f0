namespace CoProduction.Store.Results.Export;

/// <summary>One response: the session's id (no name or phone number), how and when it came, and one value per column ("unclear", "skipped", or empty when not reached).</summary>
public sealed record ExportRow(Guid ResponseId, string Channel, DateTimeOffset Started, string Status, string?[] Values);
