using CoProduction.Surveys.Loading;

namespace CoProduction.Store.Library;

/// <summary>What importing a survey file did, or every error that stopped it.</summary>
/// <param name="Version">The version the file is stored as (an existing one when the file had not changed).</param>
/// <param name="NewVersion">Whether this import added a version.</param>
public sealed record SurveyImportResult(string? SurveyId, int? Version, bool NewVersion, IReadOnlyList<SurveyFileError> Errors)
{
    public bool Succeeded => Errors.Count == 0 && SurveyId is not null;

    public static SurveyImportResult Failed(IReadOnlyList<SurveyFileError> errors) => new(null, null, false, errors);
}
