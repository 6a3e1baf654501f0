using System.Globalization;
using CoProduction.Surveys.Definitions;
using CoProduction.Surveys.Loading.Yaml;

namespace CoProduction.Surveys.Loading;

/// <summary>
/// Reads <c>when: { question: safe, is: no }</c> (or <c>is: [no, unsure]</c>). The question must be an
/// earlier one, so the engine always has its answer by the time it decides; the values must be
/// answers that question can store, so a typo cannot make a question silently never asked.
/// </summary>
internal static class SkipConditionReader
{
    private static readonly string[] Fields = ["question", "is"];
    private static readonly Dictionary<string, string> Hints = new()
    {
        ["equals"] = "write the answers as is: no, or is: [no, unsure]",
        ["value"] = "write the answers as is: no, or is: [no, unsure]",
        ["values"] = "write the answers as is: [no, unsure]",
        ["in"] = "write the answers as is: [no, unsure]",
        ["id"] = "name the earlier question as question: safe",
    };

    public static SkipCondition? Read(QuestionDraft draft, IReadOnlyList<QuestionDraft> all, ParseContext context)
    {
        if (draft.When is not { } node) return null;
        var path = $"{draft.Path}.when";
        const string example = "when: { question: safe, is: no }";
        if (node is not YamlMap map)
        {
            context.Error(node, path, $"when should name an earlier question and the answers that lead here, for example {example}");
            return null;
        }
        var fields = new FieldSet(map, path, context, Fields, Hints);
        QuestionDraft? target = null;
        if (fields["question"] is not { } questionNode)
            context.Error(map, $"{path}.question", $"when needs the id of the earlier question, for example {example}");
        else if (context.Scalar(questionNode, $"{path}.question", "question: safe") is { } targetId)
            target = FindTarget(targetId, questionNode, draft, all, $"{path}.question", context);

        if (fields["is"] is not { } isNode)
        {
            context.Error(map, $"{path}.is", $"when needs the answers that lead to this question, for example {example}");
            return null;
        }
        var values = ReadValues(isNode, $"{path}.is", context);
        if (target?.Question is not { } earlier || values is null) return null;

        var stored = new List<string>();
        foreach (var (value, valueNode) in values)
        {
            if (StoredValue(earlier, value, out var problem) is { } normalised)
            {
                if (!stored.Contains(normalised)) stored.Add(normalised);
            }
            else
                context.Error(valueNode, $"{path}.is", problem!);
        }
        return stored.Count > 0 ? new SkipCondition(earlier.Id, stored) : null;
    }

    private static QuestionDraft? FindTarget(string id, YamlNode node, QuestionDraft draft, IReadOnlyList<QuestionDraft> all, string field, ParseContext context)
    {
        var target = all.FirstOrDefault(d => string.Equals(d.Id, id, StringComparison.OrdinalIgnoreCase));
        if (target is null)
        {
            var ids = all.Where(d => d.Number < draft.Number && d.Id is not null).Select(d => d.Id!);
            context.Error(node, field, $"there is no question with the id '{id}'{Suggestions.DidYouMean(id, ids)}");
            return null;
        }
        if (target.Number == draft.Number)
        {
            context.Error(node, field, "a question cannot depend on its own answer: name an earlier question");
            return null;
        }
        if (target.Number > draft.Number)
        {
            context.Error(node, field,
                $"'{target.Id}' comes after this question (line {target.Node.Line}): when can only look at questions asked earlier, so move this question below it");
            return null;
        }
        if (target.Question is { Type: QuestionType.Text or QuestionType.Date } wrongType)
        {
            context.Error(node, field,
                $"'{wrongType.Id}' is a {QuestionReader.TypeName(wrongType.Type)} question: when can only look at yesno, choice, scale or number answers");
            return null;
        }
        return target;
    }

    private static List<(string Value, YamlNode Node)>? ReadValues(YamlNode node, string field, ParseContext context)
    {
        IReadOnlyList<YamlNode> items = node is YamlList list ? list.Items : [node];
        if (items.Count == 0)
        {
            context.Error(node, field, "is needs at least one answer, for example is: no");
            return null;
        }
        var values = new List<(string, YamlNode)>();
        foreach (var item in items)
        {
            if (item is YamlScalar { IsNull: false } scalar && scalar.Value.Trim().Length > 0)
                values.Add((scalar.Value.Trim(), item));
            else
                context.Error(item, field, "is should be an answer, or a list of answers like is: [no, unsure]");
        }
        return values.Count == items.Count ? values : null;
    }

    /// <summary>The answer as the engine stores it (so matching is exact), or null with what is wrong.</summary>
    private static string? StoredValue(Question earlier, string value, out string? problem)
    {
        problem = null;
        switch (earlier.Type)
        {
            case QuestionType.YesNo:
                if (value.Equals("yes", StringComparison.OrdinalIgnoreCase) || value.Equals("no", StringComparison.OrdinalIgnoreCase))
                    return value.ToLowerInvariant();
                problem = $"'{earlier.Id}' is a yesno question, so the answer here must be yes or no (it is '{value}')";
                return null;
            case QuestionType.Choice:
                if (earlier.Options.FirstOrDefault(o => o.Id.Equals(value, StringComparison.OrdinalIgnoreCase)) is { } option)
                    return option.Id;
                var ids = earlier.Options.Select(o => o.Id).ToList();
                problem = $"'{value}' is not an option of '{earlier.Id}': use one of its option ids ({string.Join(", ", ids)}){Suggestions.DidYouMean(value, ids)}";
                return null;
            default:
                if (!int.TryParse(value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var number))
                {
                    problem = $"'{earlier.Id}' is answered with a number, so the answer here must be a whole number (it is '{value}')";
                    return null;
                }
                if ((earlier.Min is { } min && number < min) || (earlier.Max is { } max && number > max))
                {
                    problem = $"{number} is outside the answers '{earlier.Id}' allows ({Range(earlier)})";
                    return null;
                }
                return number.ToString(CultureInfo.InvariantCulture);
        }
    }

    private static string Range(Question q) => (q.Min, q.Max) switch
    {
        ({ } min, { } max) => $"{min} to {max}",
        ({ } min, null) => $"{min} or more",
        (null, { } max) => $"up to {max}",
        _ => "any whole number",
    };
}
