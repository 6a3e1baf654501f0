using CoProduction.Surveys.Definitions;

namespace CoProduction.Scheduling.People;

/// <summary>One clean row of the people CSV. Null means the column was not in the file: the stored value stays.</summary>
public sealed record PersonRow(
    int Line,
    string Phone,
    string? Name,
    Channel? Channel,
    string? Language,
    string? TimeZone,
    DateOnly? NextCheckin,
    DateOnly? ConsentDate,
    bool? EasyRead,
    bool? SlowPace,
    IReadOnlyList<string>? Groups);
