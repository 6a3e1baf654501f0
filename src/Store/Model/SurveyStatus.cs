namespace CoProduction.Store.Model;

public enum SurveyStatus
{
    /// <summary>Imported; not offered to anyone yet.</summary>
    Draft,
    /// <summary>The board is reviewing the latest version; not offered to anyone yet.</summary>
    InReview,
    /// <summary>The latest version has its approvals and may be published.</summary>
    Approved,
    /// <summary>Its published version can be started by keyword or invitation.</summary>
    Published,
    /// <summary>No longer started; open sessions still finish on their version.</summary>
    Retired,
}
