using CoProduction.Surveys.Definitions;
using CoProduction.Surveys.Loading.Yaml;

namespace CoProduction.Surveys.Loading;

/// <summary>Reads one entry of <c>questions:</c>. Skip logic (<c>when:</c>) is checked later by <see cref="SkipConditionReader"/>.</summary>
internal static class QuestionReader
{
    public static readonly string[] Fields =
        ["id", "type", "text", "optional", "min", "max", "labels", "options", "max_length", "easy_read", "channels", "when", "decimals", "dates"];

    private static readonly Dictionary<string, string> Hints = new()
    {
        ["question"] = "each question starts with '- id: ...'; 'question' is only used inside when:",
        ["choices"] = "the answers of a choice question are listed under options:",
        ["easyread"] = "write it as easy_read",
        ["easy-read"] = "write it as easy_read",
        ["maxlength"] = "write it as max_length",
    };

    /// <summary>Which types may use a type-specific field, so a stray 'options' on a scale question is caught.</summary>
    private static readonly Dictionary<string, QuestionType[]> TypeOnlyFields = new()
    {
        ["min"] = [QuestionType.Scale, QuestionType.Number],
        ["max"] = [QuestionType.Scale, QuestionType.Number],
        ["labels"] = [QuestionType.Scale],
        ["options"] = [QuestionType.Choice],
        ["max_length"] = [QuestionType.Text],
        ["decimals"] = [QuestionType.Number],
        ["dates"] = [QuestionType.Date],
    };

    /// <summary>More decimal places than this is not something people type in a text.</summary>
    public const int MaxDecimals = 4;

    /// <summary>More points than this are hard to answer from a keypad or in one short text.</summary>
    public const int MaxScalePoints = 10;
    /// <summary>One key press per option (1 to 9) on the phone.</summary>
    public const int MaxOptions = 9;
    public const int MaxTextLength = 1600;

    public static QuestionDraft Read(YamlNode node, int number, ParseContext context)
    {
        var path = $"questions[{number}]";
        if (node is not YamlMap map)
        {
            context.Error(node, path, $"question {number} should be a group of fields starting with '- id: ...', not {node.Describe()}");
            return new QuestionDraft(number, path, node, null, null, null);
        }

        var id = ReadId(map, path, context);
        if (id is not null) path = $"{path} ({id})";
        var fields = new FieldSet(map, path, context, Fields, Hints);
        var type = ReadType(fields, map, path, context);

        if (type is not null)
        {
            foreach (var (field, types) in TypeOnlyFields)
            {
                if (fields.Has(field) && !types.Contains(type.Value))
                {
                    var allowed = string.Join(" and ", types.Select(TypeName));
                    context.Error(fields.KeyOf(field)!, $"{path}.{field}",
                        $"{field} is only for {allowed} questions, and this is a {TypeName(type.Value)} question: remove it or change the type");
                }
            }
        }

        var text = fields["text"] is { } textNode
            ? LocalizedTextReader.Read(textNode, $"{path}.text", "the question text", context)
            : Missing(map, $"{path}.text", "the question needs its words: add text: ...", context);
        var easyRead = fields["easy_read"] is { } easyNode
            ? LocalizedTextReader.Read(easyNode, $"{path}.easy_read", "the easy-read text", context)
            : null;
        var perChannel = ReadChannels(fields["channels"], $"{path}.channels", context);
        var optional = fields["optional"] is { } optionalNode && context.Bool(optionalNode, $"{path}.optional") == true;

        if (id is null || type is null)
            return new QuestionDraft(number, path, map, id, null, fields["when"]);

        var question = new Question
        {
            Id = id,
            Type = type.Value,
            Wording = new Wording(text ?? new LocalizedText(new Dictionary<string, string>()), easyRead, perChannel),
            Optional = optional,
        };
        question = type.Value switch
        {
            QuestionType.Scale => ReadScale(question, fields, map, path, context),
            QuestionType.Number => ReadNumberRange(question, fields, path, context),
            QuestionType.Choice => question with { Options = OptionsReader.Read(fields["options"], map, path, context) },
            QuestionType.Text => ReadMaxLength(question, fields, path, context),
            QuestionType.Date => ReadDates(question, fields, path, context),
            _ => question,
        };
        return new QuestionDraft(number, path, map, id, question, fields["when"]);
    }

    public static string TypeName(QuestionType type) => type == QuestionType.YesNo ? "yesno" : type.ToString().ToLowerInvariant();

    private static string? ReadId(YamlMap map, string path, ParseContext context)
    {
        var entry = map.Entries.FirstOrDefault(e => e.Key.Value == "id");
        if (entry is null)
        {
            context.Error(map, $"{path}.id", "this question has no id: add id: followed by a short name, for example id: happy");
            return null;
        }
        var id = context.Scalar(entry.Value, $"{path}.id", "id: happy");
        if (id is null) return null;
        if (!Identifiers.IsValidQuestionId(id))
        {
            context.Error(entry.Value, $"{path}.id",
                $"the question id '{id}' {Identifiers.WhatIsWrong(id)}: use only letters, digits, '-' and '_', for example {Identifiers.Suggest(id)}");
            return null;
        }
        return id;
    }

    private static QuestionType? ReadType(FieldSet fields, YamlMap map, string path, ParseContext context)
    {
        if (fields["type"] is not { } node)
        {
            context.Error(map, $"{path}.type", "this question has no type: add type: scale, choice, yesno, number, text or date");
            return null;
        }
        var name = context.Scalar(node, $"{path}.type", "type: scale");
        if (name is null) return null;
        switch (name.ToLowerInvariant())
        {
            case "scale": return QuestionType.Scale;
            case "choice": return QuestionType.Choice;
            case "yesno": return QuestionType.YesNo;
            case "number": return QuestionType.Number;
            case "text": return QuestionType.Text;
            case "date": return QuestionType.Date;
        }
        string[] names = ["scale", "choice", "yesno", "number", "text", "date"];
        var hint = name.ToLowerInvariant().Replace(" ", "").Replace("/", "").Replace("-", "").Replace("_", "") == "yesno"
            ? " -- did you mean 'yesno'?"
            : Suggestions.DidYouMean(name, names);
        context.Error(node, $"{path}.type", $"unknown question type '{name}': use scale, choice, yesno, number, text or date{hint}");
        return null;
    }

    private static IReadOnlyDictionary<Channel, LocalizedText> ReadChannels(YamlNode? node, string path, ParseContext context)
    {
        var result = new Dictionary<Channel, LocalizedText>();
        if (node is null) return result;
        if (node is not YamlMap map)
        {
            context.Error(node, path, "channels should list wording per channel, for example channels: { sms: ..., voice: ... }");
            return result;
        }
        foreach (var entry in map.Entries)
        {
            if (!ChannelNames.TryParse(entry.Key.Value, out var channel) || entry.Key.Value != entry.Key.Value.Trim().ToLowerInvariant())
            {
                context.Error(entry.Key, $"{path}.{entry.Key.Value}",
                    $"unknown channel '{entry.Key.Value}': use sms, voice or web{Suggestions.DidYouMean(entry.Key.Value, ["sms", "voice", "web"])}");
                continue;
            }
            var text = LocalizedTextReader.Read(entry.Value, $"{path}.{entry.Key.Value}", $"the {entry.Key.Value} wording", context);
            if (text is not null) result[channel] = text;
        }
        return result;
    }

    private static Question ReadScale(Question question, FieldSet fields, YamlMap map, string path, ParseContext context)
    {
        var min = fields["min"] is { } minNode ? context.WholeNumber(minNode, $"{path}.min") : null;
        var max = fields["max"] is { } maxNode ? context.WholeNumber(maxNode, $"{path}.max") : null;
        if (!fields.Has("min")) context.Error(map, $"{path}.min", "a scale question needs min: add min: 1 (the lowest answer)");
        if (!fields.Has("max")) context.Error(map, $"{path}.max", "a scale question needs max: add max: 5 (the highest answer)");
        var rangeOk = false;
        if (min is not null && max is not null)
        {
            if (min < 0)
                context.Error(fields["min"]!, $"{path}.min", $"min must be 0 or more, because answers are typed or pressed as digits (it is {min})");
            else if (max <= min)
                context.Error(fields["max"]!, $"{path}.max", $"max must be bigger than min (max is {max}, min is {min})");
            else if (max - min + 1 > MaxScalePoints)
                context.Error(fields["max"]!, $"{path}.max",
                    $"a scale can have at most {MaxScalePoints} points, so it is easy to answer by text or keypad (this one has {max - min + 1}, from {min} to {max}): make the range smaller");
            else
                rangeOk = true;
        }
        var labels = new Dictionary<int, LocalizedText>();
        if (fields["labels"] is { } labelsNode)
        {
            if (labelsNode is not YamlMap labelMap)
            {
                context.Error(labelsNode, $"{path}.labels", "labels should pair scale points with words, for example labels: { 1: Very unhappy, 5: Very happy }");
            }
            else
            {
                foreach (var entry in labelMap.Entries)
                {
                    var field = $"{path}.labels.{entry.Key.Value}";
                    if (!int.TryParse(entry.Key.Value.Trim(), out var point))
                    {
                        context.Error(entry.Key, field, $"a label must be for a point on the scale, a whole number (it is '{entry.Key.Value}')");
                        continue;
                    }
                    if (rangeOk && (point < min || point > max))
                        context.Error(entry.Key, field, $"there is a label for {point}, but the scale only goes from {min} to {max}");
                    var text = LocalizedTextReader.Read(entry.Value, field, $"the label for {point}", context);
                    if (text is not null) labels[point] = text;
                }
            }
        }
        return question with { Min = min, Max = max, Labels = labels };
    }

    private static Question ReadNumberRange(Question question, FieldSet fields, string path, ParseContext context)
    {
        var min = fields["min"] is { } minNode ? context.WholeNumber(minNode, $"{path}.min") : null;
        var max = fields["max"] is { } maxNode ? context.WholeNumber(maxNode, $"{path}.max") : null;
        if (min is not null && max is not null && max <= min)
            context.Error(fields["max"]!, $"{path}.max", $"max must be bigger than min (max is {max}, min is {min})");
        var decimals = 0;
        if (fields["decimals"] is { } decimalsNode && context.WholeNumber(decimalsNode, $"{path}.decimals") is { } places)
        {
            if (places is < 0 or > MaxDecimals)
                context.Error(decimalsNode, $"{path}.decimals", $"decimals must be from 0 (whole numbers) to {MaxDecimals} (it is {places})");
            else
                decimals = places;
        }
        return question with { Min = min, Max = max, Decimals = decimals };
    }

    private static Question ReadDates(Question question, FieldSet fields, string path, ParseContext context)
    {
        if (fields["dates"] is not { } node) return question;
        var value = context.Scalar(node, $"{path}.dates", "dates: past");
        switch (value?.Trim().ToLowerInvariant())
        {
            case null: return question;
            case "future": return question with { Dates = DateDirection.Future };
            case "past": return question with { Dates = DateDirection.Past };
        }
        context.Error(node, $"{path}.dates",
            $"dates should be past (something that happened, like a date of birth) or future (an appointment) (it is '{value}')");
        return question;
    }

    private static Question ReadMaxLength(Question question, FieldSet fields, string path, ParseContext context)
    {
        if (fields["max_length"] is not { } node) return question;
        var length = context.WholeNumber(node, $"{path}.max_length");
        if (length is null) return question;
        if (length < 1 || length > MaxTextLength)
        {
            context.Error(node, $"{path}.max_length", $"max_length must be from 1 to {MaxTextLength} characters (it is {length})");
            return question;
        }
        return question with { MaxLength = length.Value };
    }

    private static LocalizedText? Missing(YamlNode node, string field, string message, ParseContext context)
    {
        context.Error(node, field, message);
        return null;
    }
}
