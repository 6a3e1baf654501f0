using CoProduction.Store.Model;
using CoProduction.Surveys.Definitions;

namespace CoProduction.Store.Library;

/// <summary>The version about to be published, with its parsed definition, for the publish rules.</summary>
public sealed record PublishCandidate(Survey Survey, SurveyVersion Version, SurveyDefinition Definition);
