using System.Text;

namespace CoProduction.Surveys.Understanding;

/// <summary>
/// The command word lists (CommandWords.txt, embedded), read once. The file's header explains
/// its format. Patterns are matched word by word, keeping every position a pattern could have
/// reached so far (never backtracking), so the time grows with the words in the reply times the
/// pattern's length; a reply (or sentence) longer than <see cref="MaxWords"/> is no command.
/// </summary>
internal sealed class CommandWords
{
    public const string ResourceName = "CommandWords.txt";

    private static readonly Lazy<CommandWords> Loaded = new(() => Parse(ReadResource()));

    public static CommandWords Default => Loaded.Value;

    /// <summary>A command's patterns: those that hold for one sentence of a longer reply, and those that need the whole reply.</summary>
    public sealed record Section(Command Command, WordPatterns? Sentence, WordPatterns? Whole, IReadOnlyList<string> Keywords);

    /// <summary>
    /// No stop wish, help request or skip needs more words than this, courtesy included; longer
    /// text is an answer (a long answer may still hold a stop sentence, checked on its own).
    /// </summary>
    public const int MaxWords = 40;

    public IReadOnlyList<Section> Sections { get; }

    private CommandWords(IReadOnlyList<Section> sections) => Sections = sections;

    public Section For(Command command) => Sections.First(s => s.Command == command);

    private static string ReadResource()
    {
        var assembly = typeof(CommandWords).Assembly;
        using var stream = assembly.GetManifestResourceStream(ResourceName)
            ?? throw new InvalidOperationException($"The embedded word list {ResourceName} is missing from {assembly.GetName().Name}.");
        using var reader = new StreamReader(stream, Encoding.UTF8);
        return reader.ReadToEnd();
    }

    /// <summary>Reads the word list; a mistake in it is a bug, reported with its line.</summary>
    public static CommandWords Parse(string text)
    {
        var sets = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        var patterns = new List<(string Section, bool Alone, string Pattern, int Line)>();
        var keywords = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        string? section = null;
        var alone = false;
        var lineNumber = 0;
        foreach (var raw in text.Split('\n'))
        {
            lineNumber++;
            var line = raw.Trim();
            if (line.Length == 0 || line.StartsWith('#')) continue;
            if (line.StartsWith('['))
            {
                var header = line.Trim('[', ']').Trim().Split(' ', StringSplitOptions.RemoveEmptyEntries);
                section = header[0];
                alone = header.Length > 1 && header[1] == "alone";
                if (!Enum.TryParse<Command>(section, ignoreCase: true, out _))
                    throw Bad(lineNumber, $"[{section}] is not a command");
                continue;
            }
            if (line.StartsWith('@') && line.IndexOf(':') is > 0 and var colon && !line[..colon].Contains(' '))
            {
                sets[line[1..colon]] = Phrases(line[(colon + 1)..]);
                continue;
            }
            if (section is null) throw Bad(lineNumber, "a pattern before any [command]");
            if (line.StartsWith("keywords:", StringComparison.Ordinal))
            {
                keywords[section] = line["keywords:".Length..].Split(' ', StringSplitOptions.RemoveEmptyEntries).ToList();
                continue;
            }
            foreach (var alternative in line.Split('|'))
            {
                patterns.Add((section, alone, alternative.Trim(), lineNumber));
            }
        }

        var sections = new List<Section>();
        foreach (var name in patterns.Select(p => p.Section).Distinct())
        {
            var command = Enum.Parse<Command>(name, ignoreCase: true);
            var before = Edge(sets, "before", name + "-before");
            var after = Edge(sets, "after", name + "-after");
            WordPatterns? Build(bool wholeOnly)
            {
                var mine = patterns.Where(p => p.Section == name && (wholeOnly || !p.Alone)).ToList();
                if (mine.Count == 0) return null;
                return new WordPatterns(before, after, mine.Select(p => Compile(p.Pattern, sets, p.Line)).ToList());
            }
            sections.Add(new Section(command, Build(wholeOnly: false), Build(wholeOnly: true),
                keywords.GetValueOrDefault(name) ?? []));
        }
        return new CommandWords(sections);
    }

    private static List<string> Phrases(string list) =>
        list.Split('|').Select(p => p.Trim()).Where(p => p.Length > 0).ToList();

    private static WordPatterns.Element Edge(Dictionary<string, List<string>> sets, params string[] names) =>
        new(names.SelectMany(n => sets.GetValueOrDefault(n) ?? []).Distinct().Select(Tokens).ToArray(), WordPatterns.Repeat.Any);

    private static string[] Tokens(string phrase) => phrase.Split(' ', StringSplitOptions.RemoveEmptyEntries);

    private static WordPatterns.Element[] Compile(string pattern, Dictionary<string, List<string>> sets, int line)
    {
        var elements = new List<WordPatterns.Element>();
        foreach (var element in pattern.Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            if (!element.StartsWith('@'))
            {
                if (!element.All(c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c))) throw Bad(line, $"'{element}' is not a plain lower-case word");
                elements.Add(new WordPatterns.Element([[element]], WordPatterns.Repeat.Once));
                continue;
            }
            var name = element[1..].TrimEnd('?', '*', '+');
            var repeat = (element.Length > name.Length + 1 ? element[^1] : ' ') switch
            {
                '?' => WordPatterns.Repeat.Optional,
                '*' => WordPatterns.Repeat.Any,
                '+' => WordPatterns.Repeat.AtLeastOnce,
                _ => WordPatterns.Repeat.Once,
            };
            if (!sets.TryGetValue(name, out var phrases)) throw Bad(line, $"there is no set @{name}");
            elements.Add(new WordPatterns.Element(phrases.Select(Tokens).ToArray(), repeat));
        }
        return elements.ToArray();
    }

    private static InvalidDataException Bad(int line, string what) =>
        new($"{ResourceName} line {line}: {what}");
}
