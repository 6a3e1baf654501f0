using CoProduction.Surveys.Review;

namespace CoProduction.Store.Board;

/// <summary>Configuration section CoProduction.</summary>
public sealed class CoProductionOptions
{
    public const string Section = "CoProduction";

    /// <summary>Publishing needs the board's approval (true unless configured off).</summary>
    public bool RequireApproval { get; set; } = true;

    /// <summary>How many board members must approve a version.</summary>
    public int Quorum { get; set; } = 2;

    /// <summary>At least one approval must come from an expert by experience (or peer researcher).</summary>
    public bool RequireExpertByExperience { get; set; } = true;

    /// <summary>
    /// Surveys in the folder shipped with the service (the demo) count as approved: their wording
    /// was approved before it was shipped, and a fresh clone must answer its keyword at once.
    /// </summary>
    public bool ApproveShippedSurveys { get; set; } = true;

    public Quorum ToQuorum() => new(Quorum, RequireExpertByExperience);
}
