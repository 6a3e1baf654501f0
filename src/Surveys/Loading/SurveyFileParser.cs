using CoProduction.Surveys.Definitions;
using CoProduction.Surveys.Loading.Yaml;

namespace CoProduction.Surveys.Loading;

/// <summary>
/// Reads a survey YAML file into a <see cref="SurveyDefinition"/>, or every error in it.
/// <para>
/// Format (the README has a full example):
/// <code>
/// id: checkin                          # letters, digits, '-'
/// title: Yearly check-in
/// languages: [en, cy]                  # optional, default [en]; the first is the main language
/// keyword: CHECKIN                     # or one per language: keyword: { en: CHECKIN, cy: GWIRIO }
/// intro: ...                           # every wording field: a plain string (main language)
/// outro: ...                           #   or { en: ..., cy: ... } with every listed language
/// questions:
///   - id: happy                        # letters, digits, '-', '_'; unique
///     type: scale                      # scale | choice | yesno | number | text | date
///     text: ...
///     easy_read: ...                   # optional
///     channels: { sms: ..., voice: ..., web: ... }   # optional wording per channel
///     optional: false
///     min: 1                           # scale: required, 0 or more, at most 10 points; number: optional
///     max: 5
///     labels: { 1: ..., 5: ... }       # scale only
///     options:                         # choice only, 2 to 9
///       - { id: friends, text: ..., synonyms: [friends, family] }
///     max_length: 500                  # text only, 1..1600
///     when: { question: safe, is: no } # ask only when an EARLIER question's answer is one of these
/// </code>
/// </para>
/// <para>
/// Keywords per language are written as a map under <c>keyword</c>, like every other per-language
/// field, rather than as a separate <c>keywords:</c> field: one way to say it, and an author who
/// writes <c>keywords:</c> is told where it goes. The main language's keyword becomes
/// <see cref="SurveyDefinition.Keyword"/>; the others go to <see cref="SurveyDefinition.KeywordsByLanguage"/>.
/// </para>
/// <para>
/// Every wording field must be given in every language of the survey (easy-read, labels and channel
/// wording too): a missing translation would otherwise fall back to English without anyone noticing.
/// Any error means no survey: nothing is half-loaded.
/// </para>
/// </summary>
public static class SurveyFileParser
{
    /// <summary>Surveys are a few kilobytes; anything near this is a wrong file or an attack.</summary>
    public const int MaxFileCharacters = 1_000_000;

    public const int MaxQuestions = 100;

    private static readonly string[] Fields = ["id", "title", "languages", "keyword", "intro", "outro", "questions"];

    private static readonly Dictionary<string, string> Hints = new()
    {
        ["keywords"] = "give a keyword per language under keyword, for example keyword: { en: CHECKIN, cy: GWIRIO }",
        ["language"] = "list the languages as languages: [en, cy]",
        ["name"] = "the survey's name goes in title:",
    };

    public static SurveyParseResult Parse(string yaml)
    {
        var errors = new List<SurveyFileError>();
        yaml ??= "";
        if (yaml.Length > MaxFileCharacters)
            return Failed(new SurveyFileError(0, "file",
                $"the file is too big ({yaml.Length / 1000:N0} thousand characters): a survey file must be under {MaxFileCharacters / 1000:N0} thousand, so check it is the right file"));
        if (yaml.Length > 0 && yaml[0] == '\uFEFF') yaml = yaml[1..];

        if (YamlSyntaxExplainer.FirstTabIndentedLine(yaml.Split('\n')) is { } tabLine)
            return Failed(new SurveyFileError(tabLine, "file", YamlSyntaxExplainer.TabMessage));

        var root = YamlTreeReader.Read(yaml, errors);
        if (errors.Count > 0) return Failed([.. errors]);
        if (root is null || root is YamlScalar { IsNull: true })
            return Failed(new SurveyFileError(1, "file",
                "the file is empty: a survey needs at least id:, title:, keyword:, intro:, outro: and questions:"));
        if (root is not YamlMap map)
            return Failed(new SurveyFileError(root.Line, "file",
                $"the file should start with fields like id:, title: and keyword:, but it starts with {root.Describe()}"));

        var context = new ParseContext();
        var survey = Read(map, context);
        var all = context.Errors.OrderBy(e => e.Line).ToList();
        return all.Count > 0 ? new SurveyParseResult(null, all) : new SurveyParseResult(survey, all);
    }

    private static SurveyParseResult Failed(params SurveyFileError[] errors) => new(null, errors);

    private static SurveyDefinition? Read(YamlMap map, ParseContext context)
    {
        var fields = new FieldSet(map, "", context, Fields, Hints);

        // Languages first: how every wording field is read depends on them.
        if (fields["languages"] is { } languagesNode && LanguagesReader.Read(languagesNode, context) is { } languages)
            context.Languages = languages;

        var id = Required(fields, "id", map, context, "every survey needs an id: add id: followed by a short name, for example id: checkin") is { } idNode
            ? context.Scalar(idNode, "id", "id: checkin")
            : null;
        if (id is not null && !Identifiers.IsValidSurveyId(id))
        {
            context.Error(fields["id"]!, "id",
                $"the survey id '{id}' {Identifiers.WhatIsWrong(id)}: use only letters, digits and '-', for example {Identifiers.Suggest(id).Replace('_', '-')}");
            id = null;
        }

        var title = Required(fields, "title", map, context, "every survey needs a title: add title: followed by its name") is { } titleNode
            ? LocalizedTextReader.Read(titleNode, "title", "the title", context)
            : null;

        // No keyword is allowed: such a survey is sent only by invitation (a round or a check-in).
        string? keyword = "";
        IReadOnlyDictionary<string, string> keywordsByLanguage = new Dictionary<string, string>();
        if (fields["keyword"] is { } keywordNode)
            (keyword, keywordsByLanguage) = KeywordReader.Read(keywordNode, context);

        var intro = Required(fields, "intro", map, context, "every survey needs an intro, the first message people get: add intro: ...") is { } introNode
            ? LocalizedTextReader.Read(introNode, "intro", "the intro", context)
            : null;
        var outro = Required(fields, "outro", map, context, "every survey needs an outro, the thank-you at the end: add outro: ...") is { } outroNode
            ? LocalizedTextReader.Read(outroNode, "outro", "the outro", context)
            : null;

        var questions = Required(fields, "questions", map, context, "every survey needs questions: add questions: followed by a list of questions") is { } questionsNode
            ? ReadQuestions(questionsNode, context)
            : null;

        if (context.Errors.Count > 0 || id is null || title is null || keyword is null || intro is null || outro is null || questions is null)
            return null;
        return new SurveyDefinition
        {
            Id = id,
            Title = title.Get(context.DefaultLanguage),
            Titles = title,
            Keyword = keyword,
            KeywordsByLanguage = keywordsByLanguage,
            Languages = context.Languages,
            Intro = intro,
            Outro = outro,
            Questions = questions,
        };
    }

    private static YamlNode? Required(FieldSet fields, string name, YamlMap map, ParseContext context, string message)
    {
        var node = fields[name];
        if (node is null) context.Error(map, name, message);
        return node;
    }

    private static IReadOnlyList<Question>? ReadQuestions(YamlNode node, ParseContext context)
    {
        if (node is not YamlList list)
        {
            context.Error(node, "questions",
                node is YamlScalar { IsNull: true }
                    ? "there are no questions: add at least one under questions:, each starting with '- id: ...'"
                    : "questions should be a list, each question starting with '- id: ...'");
            return null;
        }
        if (list.Items.Count == 0)
        {
            context.Error(node, "questions", "there are no questions: add at least one under questions:, each starting with '- id: ...'");
            return null;
        }
        if (list.Items.Count > MaxQuestions)
            context.Error(node, "questions", $"there are {list.Items.Count} questions: a survey can have at most {MaxQuestions}, and a short one works best by text");

        var drafts = list.Items.Select((item, i) => QuestionReader.Read(item, i + 1, context)).ToList();

        var firstById = new Dictionary<string, QuestionDraft>(StringComparer.OrdinalIgnoreCase);
        foreach (var draft in drafts.Where(d => d.Id is not null))
        {
            if (firstById.TryGetValue(draft.Id!, out var first))
                context.Error(IdLine(draft), $"{draft.Path}.id",
                    $"this question id is used twice: '{draft.Id}' (also on line {IdLine(first)}): give each question its own id");
            else
                firstById[draft.Id!] = draft;
        }

        var questions = new List<Question>();
        foreach (var draft in drafts)
        {
            // A duplicate id makes 'when: { question: ... }' ambiguous, so only the first of a pair is looked up.
            var lookup = drafts.Where(d => d.Id is null || ReferenceEquals(firstById.GetValueOrDefault(d.Id), d)).ToList();
            var condition = SkipConditionReader.Read(draft, lookup, context);
            if (draft.Question is { } question)
                questions.Add(condition is null ? question : question with { AskWhen = condition });
        }
        return questions;
    }

    private static int IdLine(QuestionDraft draft) =>
        draft.Node is YamlMap map && map.Entries.FirstOrDefault(e => e.Key.Value == "id") is { } entry ? entry.Value.Line : draft.Node.Line;
}

public sealed record SurveyParseResult(SurveyDefinition? Survey, IReadOnlyList<SurveyFileError> Errors)
{
    public bool Succeeded => Survey is not null && Errors.Count == 0;
}
