namespace CoProduction.Store.Results.Export;

/// <summary>One question's column: its code (the question id), its label (the question's words), and for the codebook its type and values.</summary>
public sealed record ExportColumn(string Code, string Label, string Type, string Values);
