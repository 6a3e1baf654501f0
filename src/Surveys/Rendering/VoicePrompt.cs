using CoProduction.Surveys.Engine;

namespace CoProduction.Surveys.Rendering;

/// <summary>
/// A prompt as it will be heard on a call: what to say, which choices to read as "press 1 for ...",
/// and how to listen (how many keys, the key that ends typing, whether keys are taken at all).
/// </summary>
public sealed record VoicePrompt(string Text, IReadOnlyList<PromptChoice> Choices)
{
    public bool ExpectsInput { get; init; }
    public int? NumDigits { get; init; }
    public string? FinishOnKey { get; init; }
    public bool Keys { get; init; } = true;
    public bool ReadChoices { get; init; } = true;
    public IReadOnlyList<string> Hints { get; init; } = [];
}
