namespace CoProduction.Scheduling.People;

/// <summary>One bad row: its line in the file (the header is line 1) and what is wrong, in plain English.</summary>
public sealed record ImportError(int Line, string Reason);

/// <summary>What an import did. With errors and no "partial", nothing was written.</summary>
public sealed record PeopleImportResult(int Imported, int Updated, IReadOnlyList<ImportError> Errors)
{
    public bool Written => Imported + Updated > 0;
}
