namespace CoProduction.Store.Results.Export;

/// <summary>Which responses an export holds: one round's, and/or those started between two dates (inclusive, UTC).</summary>
public sealed record ExportFilter(Guid? RoundId = null, DateOnly? From = null, DateOnly? To = null);
