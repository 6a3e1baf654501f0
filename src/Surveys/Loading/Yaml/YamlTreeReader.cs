using YamlDotNet.Core;
using YamlDotNet.Core.Events;

namespace CoProduction.Surveys.Loading.Yaml;

/// <summary>
/// Turns YAML text into a <see cref="YamlNode"/> tree, or into plain-English errors. Never throws:
/// YamlDotNet reports some broken input as exceptions other than <see cref="YamlException"/>
/// (an unclosed '[' surfaces as InvalidOperationException), so every failure is caught here.
/// Aliases are refused rather than expanded, which rules out "billion laughs" bombs.
/// </summary>
internal static class YamlTreeReader
{
    /// <summary>Deeper than any survey needs; stops pathological input early.</summary>
    public const int MaxDepth = 20;

    private sealed class Frame(bool isMap, bool isFlow, int line, int column)
    {
        public bool IsMap { get; } = isMap;
        public bool IsFlow { get; } = isFlow;
        public int Line { get; } = line;
        public int Column { get; } = column;
        public List<YamlNode> Items { get; } = [];
        public List<YamlEntry> Entries { get; } = [];

        /// <summary>The keys so far, so a repeated one is found without reading them all again (40,000 keys stay linear).</summary>
        public Dictionary<string, YamlScalar> Keys { get; } = new(StringComparer.Ordinal);
        public YamlScalar? PendingKey { get; set; }
        public bool SkipNextValue { get; set; }
    }

    /// <returns>The document's root, or null when the file is empty or unreadable (see errors).</returns>
    public static YamlNode? Read(string text, ICollection<SurveyFileError> errors)
    {
        var stack = new Stack<Frame>();
        YamlNode? root = null;
        var documents = 0;
        var lastLine = 1;
        var parser = new Parser(new StringReader(text));
        try
        {
            while (parser.MoveNext())
            {
                var current = parser.Current!;
                lastLine = (int)current.Start.Line;
                switch (current)
                {
                    case DocumentStart:
                        documents++;
                        if (documents > 1)
                        {
                            errors.Add(new SurveyFileError(lastLine, "file",
                                "a file can hold only one survey: remove the '---' line and everything after it, or put the second survey in its own file"));
                            return null;
                        }
                        break;
                    case AnchorAlias alias:
                        errors.Add(new SurveyFileError(lastLine, "file",
                            $"'*{alias.Value}' repeats another part of the file: survey files do not allow this (& and *); write the text out in full"));
                        Attach(new YamlScalar("", false, lastLine, (int)current.Start.Column));
                        break;
                    case Scalar scalar:
                        if (FirstForbidden(scalar.Value) is >= 0 and var at)
                        {
                            errors.Add(new SurveyFileError(lastLine, "file",
                                $"this line has a character that cannot be sent in a text, call or chat ({Name(scalar.Value[at])}, character {at + 1} of the value): delete it"));
                        }
                        Attach(new YamlScalar(scalar.Value, scalar.Style != ScalarStyle.Plain, lastLine, (int)current.Start.Column));
                        break;
                    case SequenceStart seq:
                        if (!Push(new Frame(false, seq.Style == SequenceStyle.Flow, lastLine, (int)current.Start.Column))) return null;
                        break;
                    case MappingStart map:
                        if (!Push(new Frame(true, map.Style == MappingStyle.Flow, lastLine, (int)current.Start.Column))) return null;
                        break;
                    case SequenceEnd:
                    {
                        var frame = stack.Pop();
                        Attach(new YamlList(frame.Items, frame.Line, frame.Column));
                        break;
                    }
                    case MappingEnd:
                    {
                        var frame = stack.Pop();
                        Attach(new YamlMap(frame.Entries, frame.Line, frame.Column));
                        break;
                    }
                }
            }
        }
        catch (Exception ex) when (ex is YamlException or InvalidOperationException or ArgumentException or FormatException)
        {
            errors.Add(YamlSyntaxExplainer.Explain(ex, text, lastLine, OpenFlow(stack)));
            return null;
        }
        return root;

        bool Push(Frame frame)
        {
            if (stack.Count >= MaxDepth)
            {
                errors.Add(new SurveyFileError(frame.Line, "file",
                    $"the file is nested more than {MaxDepth} levels deep: a survey never needs this, so check the indenting"));
                return false;
            }
            stack.Push(frame);
            return true;
        }

        void Attach(YamlNode node)
        {
            if (stack.Count == 0)
            {
                root = node;
                return;
            }
            var parent = stack.Peek();
            if (!parent.IsMap)
            {
                parent.Items.Add(node);
                return;
            }
            if (parent.PendingKey is null && !parent.SkipNextValue)
            {
                if (node is YamlScalar key)
                {
                    if (parent.Keys.TryGetValue(key.Value, out var earlier))
                    {
                        errors.Add(new SurveyFileError(key.Line, key.Value,
                            $"the field '{key.Value}' is written twice here (also on line {earlier.Line}): keep only one"));
                        parent.SkipNextValue = true;
                        return;
                    }
                    parent.Keys[key.Value] = key;
                    parent.PendingKey = key;
                }
                else
                {
                    errors.Add(new SurveyFileError(node.Line, "file",
                        "a field name must be a plain word followed by ':', for example text: ..."));
                    parent.SkipNextValue = true;
                }
                return;
            }
            if (parent.SkipNextValue)
            {
                parent.SkipNextValue = false;
                return;
            }
            parent.Entries.Add(new YamlEntry(parent.PendingKey!, node));
            parent.PendingKey = null;
        }
    }

    /// <summary>
    /// Where the first character XML cannot carry is (control characters, U+FFFE, U+FFFF, half a
    /// surrogate pair), or -1: survey wording goes into TwiML and chat, which cannot hold them.
    /// </summary>
    public static int FirstForbidden(string value)
    {
        for (var i = 0; i < value.Length; i++)
        {
            if (i + 1 < value.Length && System.Xml.XmlConvert.IsXmlSurrogatePair(value[i + 1], value[i])) { i++; continue; }
            if (!System.Xml.XmlConvert.IsXmlChar(value[i])) return i;
        }
        return -1;
    }

    private static string Name(char c) => c switch
    {
        '\uFFFE' or '\uFFFF' => $"U+{(int)c:X4}, which is not a character",
        >= '\uD800' and <= '\uDFFF' => "half of an emoji or symbol",
        _ => $"the invisible control character U+{(int)c:X4}",
    };

    private static int? OpenFlow(Stack<Frame> stack) =>
        stack.Where(f => f.IsFlow).Select(f => (int?)f.Line).FirstOrDefault();
}
