namespace CoProduction.Store.Results;

/// <summary>
/// Configuration section Results:Disclosure: the thresholds for anything shown to the public.
/// The board may raise them, never lower them: the validation at start-up refuses a value below
/// the defaults, which are the promise made to the people who answer.
/// </summary>
public sealed class DisclosureOptions
{
    public const string Section = "Results:Disclosure";

    public const int LeastMinimumGroup = 10;
    public const int LeastSmallCount = 5;

    /// <summary>No figure at all for a group answered by fewer people than this.</summary>
    public int MinimumGroup { get; set; } = LeastMinimumGroup;

    /// <summary>An answer chosen by 1 to (this - 1) people is shown only as "fewer than this".</summary>
    public int SmallCount { get; set; } = LeastSmallCount;

    public const string MinimumGroupError = "Results:Disclosure:MinimumGroup can be raised from 10, never lowered below it";
    public const string SmallCountError = "Results:Disclosure:SmallCount can be raised from 5, never lowered below it";
}
