namespace CoProduction.Surveys.Understanding;

/// <summary>
/// Recognises the words that work at any point: STOP family, START, HELP, REPEAT/AGAIN, SKIP.
/// The words live in CommandWords.txt; the rule that keeps answers apart lives here.
/// </summary>
/// <remarks>
/// A reply is a command only when ALL of it, once courtesy words at its edges ("please",
/// "thank you very much", "diolch") are set aside, is one of the command's patterns. So
/// "Please stop texting me now, thank you." is STOP, while "the bus stop is too far", "I stopped
/// going" and "stop the noise at night would help" are answers: words are left over that no
/// pattern takes. This is also how a free-text question tells the two apart: the STOP check runs
/// first on every question, and a free-text answer is anything that is not wholly a stop wish.
/// <para>
/// A longer reply of several sentences is STOP when one of its sentences is wholly an explicit
/// stop wish that names what is to stop ("I stopped going. Stop texting me."). Bare words that
/// could belong to an answer ("Stop.", "End.", "I want to stop.") count only as the whole reply.
/// </para>
/// </remarks>
public static class CommandReader
{
    private static readonly char[] SentenceEnds = ['.', '!', '?', ';', '\n', '\r'];

    public static Command Recognize(string reply) => Read(reply).Command;

    /// <summary>The words an opt-out is recorded as (STOP first), from CommandWords.txt.</summary>
    public static IReadOnlyList<string> StopKeywords => CommandWords.Default.For(Command.Stop).Keywords;

    /// <summary>The words an opt-in by text is recorded as (START first), from CommandWords.txt.</summary>
    public static IReadOnlyList<string> StartKeywords => CommandWords.Default.For(Command.Start).Keywords;

    /// <summary>The command a reply is, and the keyword to record for it ("STOP", "UNSUBSCRIBE", "START").</summary>
    public static CommandMatch Read(string? reply)
    {
        if (string.IsNullOrWhiteSpace(reply)) return CommandMatch.None;
        var trimmed = reply.Trim();
        // "?" alone is a question about the service; every other mark is stripped below.
        if (!trimmed.AsSpan().ContainsAnyExcept('?')) return new CommandMatch(Command.Help, null);

        var words = ReplyText.Tokens(trimmed);
        if (words.Length == 0) return CommandMatch.None;

        if (words.Length <= CommandWords.MaxWords)
        {
            foreach (var section in CommandWords.Default.Sections)
            {
                if (section.Whole?.Match(words) is { } core)
                    return new CommandMatch(section.Command, KeywordOf(section, core));
            }
        }

        var stop = CommandWords.Default.For(Command.Stop);
        if (stop.Sentence is { } sentence && trimmed.IndexOfAny(SentenceEnds) >= 0)
        {
            foreach (var part in trimmed.Split(SentenceEnds, StringSplitOptions.RemoveEmptyEntries))
            {
                var partWords = ReplyText.Tokens(part);
                if (partWords.Length is > 0 and <= CommandWords.MaxWords && sentence.Match(partWords) is not null)
                    return new CommandMatch(Command.Stop, stop.Keywords.FirstOrDefault());
            }
        }
        return CommandMatch.None;
    }

    /// <summary>
    /// The opt-out (or opt-in) keyword to record for a reply: the standard word when the reply was
    /// just that word, otherwise the command's first keyword. Never the person's own words: they
    /// may be long, and they are not ours to keep.
    /// </summary>
    public static string? KeywordFor(string? reply) => Read(reply).Keyword;

    /// <summary>
    /// Whether a word is one the service answers itself, so it cannot be a survey keyword.
    /// </summary>
    public static bool IsReserved(string word) => Recognize(word) != Command.None;

    private static string? KeywordOf(CommandWords.Section section, string[] core)
    {
        if (section.Keywords.Count == 0) return null;
        var joined = string.Concat(core).ToUpperInvariant();
        return section.Keywords.Contains(joined) ? joined : section.Keywords[0];
    }
}

/// <summary>A recognised command and, for STOP and START, the keyword recorded for it.</summary>
public readonly record struct CommandMatch(Command Command, string? Keyword)
{
    public static readonly CommandMatch None = new(Command.None, null);
}
