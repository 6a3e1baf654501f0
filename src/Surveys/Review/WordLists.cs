namespace CoProduction.Surveys.Review;

/// <summary>A word or phrase the board asks us to avoid, with what to say instead (null when there is no one swap).</summary>
public sealed record ListedPhrase(string Phrase, string? Instead);

/// <summary>
/// The board's lists: jargon (words people who use services do not use) and stigmatising words
/// with kinder alternatives. The board edits them; these defaults are where a new board starts.
/// </summary>
public sealed record WordLists(IReadOnlyList<ListedPhrase> Jargon, IReadOnlyList<ListedPhrase> Stigmatising)
{
    public static WordLists Default { get; } = new(
        [
            new("service user", "person, or you"),
            new("intervention", "support, or help"),
            new("stakeholder", "people involved"),
            new("care package", "your support"),
            new("provision", "support"),
            new("facilitate", "help, or run"),
            new("utilise", "use"),
            new("signpost", "tell you about"),
            new("holistic", "whole-person"),
            new("outcomes", "what changed for you"),
            new("commissioning", "paying for services"),
            new("person-centred", "about you"),
            new("key worker", "support worker"),
            new("multi-disciplinary", "a team of different workers"),
            new("capacity", "able to decide"),
        ],
        [
            new("suffers from", "has"),
            new("suffering from", "living with"),
            new("sufferer", "person who has"),
            new("wheelchair-bound", "uses a wheelchair"),
            new("confined to a wheelchair", "uses a wheelchair"),
            new("mentally ill", "has a mental health condition"),
            new("the disabled", "disabled people"),
            new("handicapped", "disabled"),
            new("mental handicap", "learning disability"),
            new("retarded", "has a learning disability"),
            new("high-functioning", null),
            new("low-functioning", "needs more support"),
            new("special needs", "needs, or support needs"),
            new("non-compliant", "chose not to"),
            new("committed suicide", "died by suicide"),
            new("victim of", "person who has experienced"),
            new("addict", "person who uses drugs or alcohol"),
            new("normal people", "people without a disability"),
            new("challenging behaviour", "behaviour that challenges"),
            new("attention-seeking", "looking for connection"),
        ]);
}
