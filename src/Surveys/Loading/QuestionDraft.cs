using CoProduction.Surveys.Definitions;
using CoProduction.Surveys.Loading.Yaml;

namespace CoProduction.Surveys.Loading;

/// <summary>
/// A question as read, before skip logic is checked (that needs every other question). The
/// <see cref="Question"/> is built even when its wording had errors, so later questions' skip
/// logic can still be checked against its type and options; such a survey is never returned.
/// </summary>
internal sealed record QuestionDraft(int Number, string Path, YamlNode Node, string? Id, Question? Question, YamlNode? When);
