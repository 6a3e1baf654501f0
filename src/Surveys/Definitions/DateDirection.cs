namespace CoProduction.Surveys.Definitions;

/// <summary>Whether a date question asks about something coming or something that happened.</summary>
public enum DateDirection
{
    /// <summary>An appointment or plan: "14/3" is the next 14 March, "27" is 2027.</summary>
    Future,
    /// <summary>Something that happened: "14/3" is the last 14 March, "85" is 1985, and a date after today is unclear.</summary>
    Past,
}
