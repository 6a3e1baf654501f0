using CoProduction.Surveys.Definitions;
using CoProduction.Surveys.Loading.Yaml;

namespace CoProduction.Surveys.Loading;

/// <summary>Reads the <c>options:</c> of a choice question: each an id (the stored value), text and synonyms.</summary>
internal static class OptionsReader
{
    private static readonly string[] Fields = ["id", "text", "synonyms"];
    private static readonly Dictionary<string, string> Hints = new()
    {
        ["synonym"] = "write it as synonyms: [word, other word]",
        ["label"] = "an option's words go in text:",
    };

    public static IReadOnlyList<ChoiceOption> Read(YamlNode? node, YamlMap question, string path, ParseContext context)
    {
        var options = new List<ChoiceOption>();
        var field = $"{path}.options";
        if (node is null)
        {
            context.Error(question, field, "a choice question needs options: add options: with at least 2 answers, for example - { id: friends, text: Friends and family }");
            return options;
        }
        if (node is not YamlList list)
        {
            context.Error(node, field, "options should be a list, each line starting with '- ', for example - { id: friends, text: Friends and family }");
            return options;
        }
        if (list.Items.Count < 2)
            context.Error(node, field, $"a choice question needs at least 2 options (it has {list.Items.Count}): add more, or use a yesno question");
        if (list.Items.Count > QuestionReader.MaxOptions)
            context.Error(node, field, $"a choice question can have at most {QuestionReader.MaxOptions} options, so each can be picked with one key press (it has {list.Items.Count})");

        var firstLineOfId = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
        var ownerOfWord = new Dictionary<string, (string Option, int Line)>(StringComparer.OrdinalIgnoreCase);
        for (var i = 0; i < list.Items.Count; i++)
        {
            var item = list.Items[i];
            var optionPath = $"{field}[{i + 1}]";
            if (item is not YamlMap map)
            {
                context.Error(item, optionPath, $"option {i + 1} needs an id and text, for example - {{ id: friends, text: Friends and family }}, not {item.Describe()}");
                continue;
            }
            var fields = new FieldSet(map, optionPath, context, Fields, Hints);
            string? id = null;
            if (fields["id"] is not { } idNode)
                context.Error(map, $"{optionPath}.id", "this option has no id: add id: followed by a short name, for example id: friends");
            else if (context.Scalar(idNode, $"{optionPath}.id", "id: friends") is { } value)
            {
                if (!Identifiers.IsValidQuestionId(value))
                    context.Error(idNode, $"{optionPath}.id",
                        $"the option id '{value}' {Identifiers.WhatIsWrong(value)}: use only letters, digits, '-' and '_', for example {Identifiers.Suggest(value)}");
                else if (firstLineOfId.TryGetValue(value, out var line))
                    context.Error(idNode, $"{optionPath}.id", $"this option id is used twice: '{value}' (also on line {line}): give each option its own id");
                else
                {
                    firstLineOfId[value] = idNode.Line;
                    id = value;
                }
            }
            if (id is not null) optionPath = $"{optionPath} ({id})";

            var text = fields["text"] is { } textNode
                ? LocalizedTextReader.Read(textNode, $"{optionPath}.text", "the option text", context)
                : null;
            if (fields["text"] is null)
                context.Error(map, $"{optionPath}.text", "this option has no words: add text: ...");

            var synonyms = ReadSynonyms(fields["synonyms"], $"{optionPath}.synonyms", context);
            foreach (var (word, wordNode) in synonyms)
            {
                if (ownerOfWord.TryGetValue(word, out var owner) && owner.Option != id)
                    context.Error(wordNode, $"{optionPath}.synonyms",
                        $"the synonym '{word}' is also given for option '{owner.Option}' (line {owner.Line}): a reply of '{word}' must point to one option only, so remove it from one of them");
                else if (id is not null)
                    ownerOfWord.TryAdd(word, (id, wordNode.Line));
            }
            if (id is not null && text is not null)
                options.Add(new ChoiceOption(id, text, synonyms.Select(s => s.Word).Distinct(StringComparer.OrdinalIgnoreCase).ToList()));
        }
        return options;
    }

    private static List<(string Word, YamlNode Node)> ReadSynonyms(YamlNode? node, string field, ParseContext context)
    {
        var words = new List<(string, YamlNode)>();
        if (node is null) return words;
        var items = node switch
        {
            YamlList list => list.Items,
            YamlScalar { IsNull: false } => [node],
            _ => null,
        };
        if (items is null)
        {
            context.Error(node, field, "synonyms should be a list of words, for example synonyms: [friends, family]");
            return words;
        }
        foreach (var item in items)
        {
            if (item is YamlScalar { IsNull: false } word && word.Value.Trim().Length > 0)
                words.Add((word.Value.Trim(), word));
            else
                context.Error(item, field, "each synonym should be a word or short phrase, for example synonyms: [friends, family]");
        }
        return words;
    }
}
