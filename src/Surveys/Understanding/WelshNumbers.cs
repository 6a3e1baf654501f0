namespace CoProduction.Surveys.Understanding;

/// <summary>
/// Welsh number words. The English recognizer knows none of them, and Welsh numbers change form:
/// feminine (dwy, tair, pedair), and mutated after words like "i" or "rhif" (ddau, dri, bedwar,
/// bump, ddeg), so each form is listed.
/// </summary>
internal static class WelshNumbers
{
    private static readonly Dictionary<string, int> Single = new(StringComparer.Ordinal)
    {
        ["sero"] = 0,
        ["un"] = 1,
        ["dau"] = 2, ["dwy"] = 2, ["ddau"] = 2, ["ddwy"] = 2,
        ["tri"] = 3, ["tair"] = 3, ["dri"] = 3, ["dair"] = 3, ["thri"] = 3, ["thair"] = 3,
        ["pedwar"] = 4, ["pedair"] = 4, ["bedwar"] = 4, ["bedair"] = 4, ["phedwar"] = 4, ["phedair"] = 4,
        ["pump"] = 5, ["pum"] = 5, ["bump"] = 5, ["bum"] = 5, ["phump"] = 5,
        ["chwech"] = 6, ["chwe"] = 6,
        ["saith"] = 7,
        ["wyth"] = 8,
        ["naw"] = 9,
        ["deg"] = 10, ["deng"] = 10, ["ddeg"] = 10,
        ["deuddeg"] = 12, ["ddeuddeg"] = 12,
        ["pymtheg"] = 15, ["bymtheg"] = 15,
        ["ugain"] = 20, ["hugain"] = 20,
    };

    // Traditional forms for 11-19 that take more than one word, and the decimal "un deg un" style.
    private static readonly (string[] Words, int Value)[] Multi =
    [
        (["un", "ar", "ddeg"], 11),
        (["tri", "ar", "ddeg"], 13), (["tair", "ar", "ddeg"], 13),
        (["pedwar", "ar", "ddeg"], 14), (["pedair", "ar", "ddeg"], 14),
        (["un", "ar", "bymtheg"], 16),
        (["dau", "ar", "bymtheg"], 17), (["dwy", "ar", "bymtheg"], 17),
        (["deunaw"], 18),
        (["pedwar", "ar", "bymtheg"], 19), (["pedair", "ar", "bymtheg"], 19),
        (["un", "deg", "un"], 11), (["un", "deg", "dau"], 12), (["un", "deg", "tri"], 13),
        (["un", "deg", "pedwar"], 14), (["un", "deg", "pump"], 15), (["un", "deg", "chwech"], 16),
        (["un", "deg", "saith"], 17), (["un", "deg", "wyth"], 18), (["un", "deg", "naw"], 19),
        (["dau", "ddeg"], 20),
    ];

    /// <summary>Every Welsh number word or phrase in the tokens, longest first where they overlap.</summary>
    public static List<PhraseMatcher.Match<int>> Find(string[] tokens) =>
        PhraseMatcher.FindAll(tokens, Phrases);

    /// <summary>Every form as a phrase, made once (they were made again for every reply read in Welsh).</summary>
    private static readonly (int Value, string[] Words)[] Phrases =
        [.. Single.Select(kv => (kv.Value, new[] { kv.Key })), .. Multi.Select(m => (m.Value, m.Words))];
}
