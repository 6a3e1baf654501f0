using CoProduction.Surveys.Definitions;

namespace CoProduction.Surveys.Engine;

public enum PromptKind
{
    /// <summary>Plain information: intro, thanks, help, confirmations.</summary>
    Message,
    /// <summary>A question waiting for an answer; <see cref="Prompt.Input"/> says what kind.</summary>
    Question,
    /// <summary>Why the last reply was not understood ("Please reply with a number from 1 to 5.").</summary>
    Hint,
}

/// <summary>One thing to say, channel-neutral. Each channel renders it in its own medium.</summary>
public sealed record Prompt(PromptKind Kind, string Text, string Language)
{
    public string? QuestionId { get; init; }
    public InputSpec? Input { get; init; }

    public static Prompt Message(string text, string language) => new(PromptKind.Message, text, language);
    public static Prompt Hint(string text, string language) => new(PromptKind.Hint, text, language);
}

/// <summary>What answer a question expects, so a channel can say "Reply 1 to 5" or draw buttons.</summary>
public sealed record InputSpec(QuestionType Type)
{
    public int? Min { get; init; }
    public int? Max { get; init; }
    public bool Optional { get; init; }
    public int? MaxLength { get; init; }

    /// <summary>
    /// Whether a call should read the choices out ("press 1 for ..."); false when the wording
    /// already says them, as the bilingual language question does.
    /// </summary>
    public bool ReadChoicesAloud { get; init; } = true;

    /// <summary>The answers to offer as buttons or keys, in order (scale points, yes/no, options).</summary>
    public IReadOnlyList<PromptChoice> Choices { get; init; } = [];
}

/// <param name="Reply">What sending this choice means, for example "1" or "yes".</param>
/// <param name="Label">What it says, for example "Friends and family".</param>
public sealed record PromptChoice(string Reply, string Label);
