using System.Globalization;

namespace CoProduction.Bench;

/// <summary>
/// What one option of a bench takes: nothing (a switch), a whole number, a number, whole numbers with commas, text,
/// a setting (<c>NAME=VALUE</c>, the option given as often as wanted), or names from a fixed list with commas.
/// </summary>
internal enum BenchValue { None, Whole, Number, Wholes, Text, Setting, Choices }

/// <summary>
/// One option a bench knows (<c>--seconds N</c>), or one of its words in order (<c>people</c>), with its line of help;
/// a whole number may have a <paramref name="Minimum"/>, a list of choices its <paramref name="Allowed"/> names.
/// </summary>
internal sealed record BenchOption(string Name, BenchValue Value, string Help, string? Placeholder = null, int? Minimum = null, IReadOnlyList<string>? Allowed = null)
{
    public static BenchOption Switch(string name, string help) => new(name, BenchValue.None, help);
    public static BenchOption Whole(string name, string placeholder, string help, int? minimum = null) => new(name, BenchValue.Whole, help, placeholder, minimum);
    public static BenchOption Setting(string name, string placeholder, string help) => new(name, BenchValue.Setting, help, placeholder);
    public static BenchOption Choices(string name, string placeholder, string help, params string[] allowed) => new(name, BenchValue.Choices, help, placeholder, Allowed: allowed);
    public static BenchOption Number(string name, string placeholder, string help) => new(name, BenchValue.Number, help, placeholder);
    public static BenchOption Wholes(string name, string placeholder, string help) => new(name, BenchValue.Wholes, help, placeholder);
    public static BenchOption Text(string name, string placeholder, string help) => new(name, BenchValue.Text, help, placeholder);

    internal string Usage => Placeholder is null ? Name : Name.StartsWith('-') ? $"{Name} {Placeholder}" : Placeholder;
}

/// <summary>
/// A bench's command line, read before anything runs: <c>--help</c> or <c>-h</c> prints what the bench does and
/// its options and ends it (exit 0); an option it does not know, a value missing or not a number, or a word too
/// many prints a plain error and the options and ends it (exit 2). Only then does the bench start its run.
/// </summary>
internal sealed class BenchCommandLine
{
    private readonly Dictionary<string, string> _values = new(StringComparer.Ordinal);
    private readonly Dictionary<string, List<string>> _settings = new(StringComparer.Ordinal);
    private readonly HashSet<string> _switches = new(StringComparer.Ordinal);
    private readonly List<string> _words = [];
    private string _usage = "";
    private TextWriter? _error;

    private BenchCommandLine() { }

    /// <summary>Set when the bench must not run: 0 after <c>--help</c>, 2 after a mistake (already printed).</summary>
    public int? Exit { get; private init; }

    /// <summary>
    /// Reads <paramref name="args"/> against the <paramref name="options"/> (names starting with <c>-</c>) and the
    /// <paramref name="words"/> the bench takes in order (each optional). Help goes to <paramref name="output"/>,
    /// mistakes to <paramref name="error"/> (the console's when not given).
    /// </summary>
    public static BenchCommandLine Read(string[] args, string about, IReadOnlyList<BenchOption> options,
        IReadOnlyList<BenchOption>? words = null, TextWriter? output = null, TextWriter? error = null)
    {
        words ??= [];
        var usage = Usage(about, options, words);
        if (args.Any(a => a is "--help" or "-h"))
        {
            (output ?? Console.Out).Write(usage);
            return new BenchCommandLine { Exit = 0 };
        }
        var read = new BenchCommandLine { _usage = usage, _error = error };
        if (read.Mistake(args, options, words) is { } mistake)
        {
            read.Refuse(mistake);
            return new BenchCommandLine { Exit = 2 };
        }
        return read;
    }

    /// <summary>
    /// A mistake only the bench can see once the options are read (two options that do not go together, a folder
    /// that is not there): printed as a mistake in an option is, with the options, before anything runs. Returns 2, the exit.
    /// </summary>
    public int Refuse(string mistake)
    {
        var writer = _error ?? Console.Error;
        writer.WriteLine(mistake);
        writer.WriteLine();
        writer.Write(_usage);
        return 2;
    }

    private string? Mistake(string[] args, IReadOnlyList<BenchOption> options, IReadOnlyList<BenchOption> words)
    {
        for (var i = 0; i < args.Length; i++)
        {
            var arg = args[i];
            BenchOption option;
            string? value;
            if (arg.StartsWith('-') && !IsNumber(arg))
            {
                if (options.FirstOrDefault(o => o.Name == arg) is not { } known) return $"Unknown option: {arg}.";
                option = known;
                if (option.Value == BenchValue.None)
                {
                    _switches.Add(arg);
                    continue;
                }
                if (i + 1 >= args.Length) return $"{arg} needs a value ({option.Placeholder}).";
                value = args[++i];
            }
            else
            {
                if (_words.Count >= words.Count)
                {
                    return words.Count == 0 ? $"Unexpected word: {arg} (this bench takes options only)." : $"Unexpected word: {arg} (this bench takes at most {words.Count}).";
                }
                option = words[_words.Count];
                value = arg;
                _words.Add(arg);
            }
            if (!Fits(option, value)) return $"{option.Usage} takes {Kind(option)}, not '{value}'.";
            _values[option.Name] = value;
            if (option.Value == BenchValue.Setting)
            {
                if (!_settings.TryGetValue(option.Name, out var given)) _settings[option.Name] = given = [];
                given.Add(value);
            }
        }
        return null;
    }

    /// <summary>Whether the switch was given.</summary>
    public bool Has(string name) => _switches.Contains(name);

    /// <summary>The option's (or word's) text, or null when not given.</summary>
    public string? Text(string name) => _values.TryGetValue(name, out var text) ? text : null;

    /// <summary>The option's whole number, or <paramref name="fallback"/> when not given (checked when read).</summary>
    public int Whole(string name, int fallback) => Text(name) is { } text ? int.Parse(text, CultureInfo.InvariantCulture) : fallback;

    /// <summary>The option's number, or <paramref name="fallback"/> when not given (checked when read).</summary>
    public double Number(string name, double fallback) => Text(name) is { } text ? double.Parse(text, CultureInfo.InvariantCulture) : fallback;

    /// <summary>The option's whole numbers, or <paramref name="fallback"/> when not given (checked when read).</summary>
    public int[] Wholes(string name, string fallback) =>
        (Text(name) ?? fallback).Split(',').Select(s => int.Parse(s, CultureInfo.InvariantCulture)).ToArray();

    /// <summary>Each <c>NAME=VALUE</c> the setting was given, in order (none when not given).</summary>
    public IReadOnlyList<KeyValuePair<string, string>> Settings(string name) =>
        _settings.TryGetValue(name, out var given)
            ? given.Select(s => new KeyValuePair<string, string>(s[..s.IndexOf('=')], s[(s.IndexOf('=') + 1)..])).ToList()
            : [];

    /// <summary>The names given, or those of <paramref name="fallback"/> when not given (checked against the list when read).</summary>
    public string[] Choices(string name, string fallback) => (Text(name) ?? fallback).Split(',');

    private static bool IsNumber(string text) => double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out _);

    private static bool Fits(BenchOption option, string value) => option.Value switch
    {
        BenchValue.Whole => int.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) && n >= (option.Minimum ?? int.MinValue),
        BenchValue.Number => double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var d) && double.IsFinite(d),
        BenchValue.Wholes => value.Split(',').All(s => int.TryParse(s, NumberStyles.Integer, CultureInfo.InvariantCulture, out _)),
        BenchValue.Setting => value.IndexOf('=') > 0,
        BenchValue.Choices => value.Split(',').All(s => option.Allowed!.Contains(s, StringComparer.Ordinal)),
        _ => true,
    };

    private static string Kind(BenchOption option) => option.Value switch
    {
        BenchValue.Whole when option.Minimum is { } least => $"a whole number of at least {least.ToString(CultureInfo.InvariantCulture)}",
        BenchValue.Whole => "a whole number",
        BenchValue.Number => "a number",
        BenchValue.Wholes => "whole numbers separated by commas",
        BenchValue.Setting => "a setting written NAME=VALUE",
        BenchValue.Choices => $"one or more of {string.Join(", ", option.Allowed!)} (separated by commas)",
        _ => "text",
    };

    private static string Usage(string about, IReadOnlyList<BenchOption> options, IReadOnlyList<BenchOption> words)
    {
        var text = new System.Text.StringBuilder();
        text.Append(about.TrimEnd()).Append("\n\n");
        var all = words.Concat(options).Append(BenchOption.Switch("--help, -h", "print this and stop")).ToList();
        var width = all.Max(o => o.Usage.Length) + 2;
        if (words.Count > 0)
        {
            text.Append("Words, in this order (each may be left out):\n");
            foreach (var word in words) text.Append("  ").Append(word.Usage.PadRight(width)).Append(word.Help).Append('\n');
            text.Append('\n');
        }
        text.Append("Options:\n");
        foreach (var option in options.Append(all[^1])) text.Append("  ").Append(option.Usage.PadRight(width)).Append(option.Help).Append('\n');
        return text.ToString();
    }
}
