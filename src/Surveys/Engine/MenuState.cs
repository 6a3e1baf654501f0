namespace CoProduction.Surveys.Engine;

public enum MenuKind
{
    /// <summary>"For English press 1. Am Gymraeg pwyswch 2."</summary>
    Language,
    /// <summary>Which published survey to start (or whether to start the only one).</summary>
    Survey,
}

/// <summary>A menu offered to a caller or web visitor; <see cref="Options"/> are language codes or survey ids, in the order offered.</summary>
public sealed record MenuState(MenuKind Kind, IReadOnlyList<string> Options);
