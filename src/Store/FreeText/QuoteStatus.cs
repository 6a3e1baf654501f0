namespace CoProduction.Store.FreeText;

public enum QuoteStatus
{
    /// <summary>Chosen by staff, not public yet.</summary>
    Proposed,

    /// <summary>On the public results page.</summary>
    Approved,

    /// <summary>Taken off the public page.</summary>
    Withdrawn,
}
