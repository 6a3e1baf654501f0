namespace CoProduction.Surveys.Definitions;

/// <param name="Id">The stored value, for example "friends".</param>
/// <param name="Text">What the person sees or hears.</param>
/// <param name="Synonyms">Other words people use for it, in any language.</param>
public sealed record ChoiceOption(string Id, LocalizedText Text, IReadOnlyList<string> Synonyms);
