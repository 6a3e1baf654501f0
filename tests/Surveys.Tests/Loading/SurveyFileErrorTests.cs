using CoProduction.Surveys.Loading;

namespace CoProduction.Surveys.Tests.Loading;

public class SurveyFileErrorTests
{
    // Lines 1 to 6; the first question starts on line 7.
    private const string Head = "id: s\ntitle: T\nkeyword: GO\nintro: Hi\noutro: Bye\nquestions:\n";
    private const string YesNo = "  - id: q1\n    type: yesno\n    text: Ok?\n";
    private const string Welsh = "id: s\ntitle: { en: T, cy: T }\nlanguages: [en, cy]\nkeyword: GO\nintro: { en: Hi, cy: Helo }\noutro: { en: Bye, cy: Hwyl }\nquestions:\n";

    public static TheoryData<string, string, int, string> MalformedFiles => new()
    {
        // Not YAML, or not a survey at all
        { "empty file", "", 1, "the file is empty" },
        { "only a comment", "# nothing yet\n", 1, "the file is empty" },
        { "a list instead of fields", "- a\n- b\n", 1, "it starts with a list" },
        { "tab used for indenting", Head + "  - id: q1\n\ttype: yesno\n", 8, "indented with a tab character" },
        { "bad indentation", Head + "  - id: q1\n     type: yesno\n", 8, "indented differently" },
        { "colon inside unquoted text", Head + "  - id: q1\n    type: yesno\n    text: Note: ok?\n", 9, "put any text that contains ': ' in quotes" },
        { "field out of line", Head + "  - id: q1\n    type: yesno\n   text: Ok?\n", 9, "indent" },
        { "unclosed bracket", Head.Replace("questions:\n", "questions: [a, b\n"), 6, "never closed" },
        { "unclosed quote", Head.Replace("intro: Hi", "intro: \"Hi") + YesNo, 4, "quote" },
        { "alias", Head.Replace("intro: Hi", "intro: &hi Hi").Replace("outro: Bye", "outro: *hi") + YesNo, 5, "repeats another part" },
        { "two documents", Head + YesNo + "---\nid: t\n", 10, "only one survey" },
        { "same field twice", Head.Replace("title: T\n", "title: T\ntitle: U\n") + YesNo, 3, "the field 'title' is written twice here (also on line 2)" },

        // The survey itself
        { "missing id", Head.Replace("id: s\n", "") + YesNo, 1, "every survey needs an id" },
        { "missing title", Head.Replace("title: T\n", "") + YesNo, 1, "every survey needs a title" },
        { "missing intro", Head.Replace("intro: Hi\n", "") + YesNo, 1, "needs an intro" },
        { "missing questions", Head.Replace("questions:\n", ""), 1, "every survey needs questions" },
        { "empty questions", Head, 6, "there are no questions" },
        { "empty question list", Head.Replace("questions:\n", "questions: []\n"), 6, "there are no questions" },
        { "survey id with underscore", Head.Replace("id: s", "id: my_survey") + YesNo, 1, "use only letters, digits and '-', for example my-survey" },
        { "empty title", Head.Replace("title: T", "title:") + YesNo, 2, "the title is empty" },
        { "unknown top-level field", Head + YesNo + "outtro: Bye\n", 10, "unknown field 'outtro' -- did you mean 'outro'?" },
        { "keywords as its own field", Head + YesNo + "keywords: { cy: GWIRIO }\n", 10, "under keyword, for example keyword: { en: CHECKIN, cy: GWIRIO }" },
        { "keyword with a space", Head.Replace("keyword: GO", "keyword: check in") + YesNo, 3, "must be one word" },
        { "keyword reserved", Head.Replace("keyword: GO", "keyword: stop") + YesNo, 3, "STOP cannot be a survey keyword" },
        { "keyword with an accent", Head.Replace("keyword: GO", "keyword: GWIRIÔ") + YesNo, 3, "no spaces, accents or symbols" },
        { "languages with a bad code", Head.Replace("title: T\n", "title: T\nlanguages: [en, welsh]\n") + YesNo, 3, "'welsh' is not a language code" },
        { "language listed twice", Head.Replace("title: T\n", "title: T\nlanguages: [en, en]\n") + YesNo, 3, "listed twice" },

        // Questions
        { "question is not a group", Head + "  - How are you?\n", 7, "question 1 should be a group of fields" },
        { "question without id", Head + "  - type: yesno\n    text: Ok?\n", 7, "this question has no id" },
        { "question id with a space", Head + YesNo.Replace("id: q1", "id: how happy"), 7, "the question id 'how happy' has a space in it: use only letters, digits, '-' and '_', for example how-happy" },
        { "duplicate question id", Head + YesNo + YesNo, 10, "this question id is used twice: 'q1' (also on line 7)" },
        { "question without type", Head + "  - id: q1\n    text: Ok?\n", 7, "this question has no type" },
        { "unknown type", Head + YesNo.Replace("type: yesno", "type: rating"), 8, "unknown question type 'rating': use scale, choice, yesno, number, text or date" },
        { "yes/no spelled out", Head + YesNo.Replace("type: yesno", "type: yes/no"), 8, "did you mean 'yesno'?" },
        { "question without text", Head + "  - id: q1\n    type: yesno\n", 7, "the question needs its words" },
        { "misspelled field", Head + YesNo + "    optinal: true\n", 10, "unknown field 'optinal' -- did you mean 'optional'?" },
        { "unknown field, no near match", Head + YesNo + "    colour: red\n", 10, "unknown field 'colour': the fields allowed here are" },
        { "optional not a yes or no", Head + YesNo + "    optional: maybe\n", 10, "optional must be true or false (it is 'maybe')" },
        { "scale without range", Head + "  - id: q1\n    type: scale\n    text: Ok?\n", 7, "a scale question needs min" },
        { "scale max below min", Head + "  - id: q1\n    type: scale\n    text: Ok?\n    min: 5\n    max: 1\n", 11, "max must be bigger than min (max is 1, min is 5)" },
        { "scale of eleven points", Head + "  - id: q1\n    type: scale\n    text: Ok?\n    min: 0\n    max: 10\n", 11, "at most 10 points" },
        { "scale below zero", Head + "  - id: q1\n    type: scale\n    text: Ok?\n    min: -2\n    max: 2\n", 10, "min must be 0 or more" },
        { "scale with a fraction", Head + "  - id: q1\n    type: scale\n    text: Ok?\n    min: 1.5\n    max: 5\n", 10, "min must be a whole number (it is '1.5')" },
        { "label outside the scale", Head + "  - id: q1\n    type: scale\n    text: Ok?\n    min: 1\n    max: 5\n    labels: { 1: Bad, 6: Good }\n", 12, "there is a label for 6, but the scale only goes from 1 to 5" },
        { "label that is not a number", Head + "  - id: q1\n    type: scale\n    text: Ok?\n    min: 1\n    max: 5\n    labels: { low: Bad }\n", 12, "a label must be for a point on the scale" },
        { "labels on a number question", Head + "  - id: q1\n    type: number\n    text: Ok?\n    labels: { 1: One }\n", 10, "labels is only for scale questions, and this is a number question" },
        { "number max below min", Head + "  - id: q1\n    type: number\n    text: Ok?\n    min: 10\n    max: 0\n", 11, "max must be bigger than min (max is 0, min is 10)" },
        { "choice without options", Head + "  - id: q1\n    type: choice\n    text: Ok?\n", 7, "a choice question needs options" },
        { "choice with one option", Head + "  - id: q1\n    type: choice\n    text: Ok?\n    options:\n      - { id: a, text: A }\n", 11, "at least 2 options (it has 1)" },
        { "duplicate option id", Head + "  - id: q1\n    type: choice\n    text: Ok?\n    options:\n      - { id: a, text: A }\n      - { id: a, text: B }\n", 12, "this option id is used twice: 'a' (also on line 11)" },
        { "option without text", Head + "  - id: q1\n    type: choice\n    text: Ok?\n    options:\n      - { id: a, text: A }\n      - { id: b }\n", 12, "this option has no words" },
        { "option as plain text", Head + "  - id: q1\n    type: choice\n    text: Ok?\n    options:\n      - { id: a, text: A }\n      - Something\n", 12, "option 2 needs an id and text" },
        { "synonym for two options", Head + "  - id: q1\n    type: choice\n    text: Ok?\n    options:\n      - { id: a, text: A, synonyms: [same] }\n      - { id: b, text: B, synonyms: [Same] }\n", 12, "the synonym 'Same' is also given for option 'a' (line 11)" },
        { "options on a yesno question", Head + YesNo + "    options: [a, b]\n", 10, "options is only for choice questions, and this is a yesno question" },
        { "max_length on a date question", Head + YesNo.Replace("yesno", "date") + "    max_length: 20\n", 10, "max_length is only for text questions" },
        { "max_length too long", Head + YesNo.Replace("yesno", "text") + "    max_length: 2000\n", 10, "max_length must be from 1 to 1600 characters (it is 2000)" },
        { "unknown channel", Head + YesNo + "    channels: { sm: Ok? }\n", 10, "unknown channel 'sm': use sms, voice or web -- did you mean 'sms'?" },
        { "empty easy read", Head + YesNo + "    easy_read:\n", 10, "the easy-read text is empty" },

        // Languages
        { "missing Welsh question text", Welsh + "  - id: q1\n    type: yesno\n    text: { en: Ok? }\n", 10, "the Welsh (cy) question text is missing" },
        { "plain string in a two-language survey", Welsh + "  - id: q1\n    type: yesno\n    text: Ok?\n", 10, "only in English (en), but this survey is also in Welsh (cy)" },
        { "comma inside a one-line group", Welsh + "  - id: q1\n    type: yesno\n    text: { en: Work, or not?, cy: Gwaith? }\n", 10, "cut off at a comma: inside { } put any text with a comma in quotes" },
        { "language not in the survey", Welsh + "  - id: q1\n    type: yesno\n    text: { en: Ok?, cy: Iawn?, fr: Ça va? }\n", 10, "'fr' is not one of this survey's languages (en, cy)" },
        { "missing Welsh option text", Welsh + "  - id: q1\n    type: choice\n    text: { en: Ok?, cy: Iawn? }\n    options:\n      - { id: a, text: { en: A, cy: A } }\n      - { id: b, text: { en: B } }\n", 13, "the Welsh (cy) option text is missing" },
        { "missing Welsh outro", Welsh.Replace("outro: { en: Bye, cy: Hwyl }", "outro: { en: Bye }") + YesNo.Replace("text: Ok?", "text: { en: Ok?, cy: Iawn? }"), 6, "the Welsh (cy) outro is missing" },
        { "keyword map without the main language", Welsh.Replace("keyword: GO", "keyword: { cy: GWIRIO }") + YesNo.Replace("text: Ok?", "text: { en: Ok?, cy: Iawn? }"), 4, "the keyword for the main language, English (en), is missing" },
        { "same keyword for two languages", Welsh.Replace("keyword: GO", "keyword: { en: GO, cy: go }") + YesNo.Replace("text: Ok?", "text: { en: Ok?, cy: Iawn? }"), 4, "the keyword GO is also the en keyword" },

        // Skip logic
        { "skip logic on a later question", Head + YesNo.Replace("q1", "a") + "    when: { question: b, is: no }\n" + YesNo.Replace("q1", "b"), 10, "'b' comes after this question (line 11)" },
        { "skip logic on itself", Head + YesNo + "    when: { question: q1, is: no }\n", 10, "cannot depend on its own answer" },
        { "skip logic on an unknown question", Head + YesNo + YesNo.Replace("q1", "q2") + "    when: { question: q, is: no }\n", 13, "there is no question with the id 'q' -- did you mean 'q1'?" },
        { "skip logic with a non yes/no answer", Head + YesNo + YesNo.Replace("q1", "q2") + "    when: { question: q1, is: maybe }\n", 13, "'q1' is a yesno question, so the answer here must be yes or no (it is 'maybe')" },
        { "skip logic with an unknown option", Head + "  - id: c\n    type: choice\n    text: Ok?\n    options: [{ id: a, text: A }, { id: b, text: B }]\n" + YesNo + "    when: { question: c, is: [a, x] }\n", 14, "'x' is not an option of 'c': use one of its option ids (a, b)" },
        { "skip logic outside the scale", Head + "  - id: h\n    type: scale\n    text: Ok?\n    min: 1\n    max: 5\n" + YesNo + "    when: { question: h, is: 7 }\n", 15, "7 is outside the answers 'h' allows (1 to 5)" },
        { "skip logic on a text answer", Head + YesNo.Replace("yesno", "text") + YesNo.Replace("q1", "q2") + "    when: { question: q1, is: yes }\n", 13, "when can only look at yesno, choice, scale or number answers" },
        { "skip logic without answers", Head + YesNo + YesNo.Replace("q1", "q2") + "    when: { question: q1 }\n", 13, "when needs the answers that lead to this question" },
        { "skip logic as plain text", Head + YesNo + YesNo.Replace("q1", "q2") + "    when: q1 is no\n", 13, "when should name an earlier question" },
    };

    [Theory]
    [MemberData(nameof(MalformedFiles))]
    public void Parse_ReportsTheLineAndAPlainReason_ForAMalformedFile(string mistake, string yaml, int line, string phrase)
    {
        var result = SurveyFileParser.Parse(yaml);

        Assert.Null(result.Survey);
        Assert.False(result.Succeeded);
        var match = result.Errors.FirstOrDefault(e => e.Message.Contains(phrase, StringComparison.Ordinal));
        Assert.True(match is not null, $"{mistake}: no error mentions \"{phrase}\"; got:\n{string.Join("\n", result.Errors)}");
        Assert.True(line == match.Line, $"{mistake}: expected line {line}, got {match}");
    }

    [Fact]
    public void Parse_CollectsEveryError_NotJustTheFirst()
    {
        var yaml = """
            id: my survey
            title: Check-in
            keyword: CHECKIN
            intro: Hi
            questions:
              - id: happy
                type: scale
                text: How happy are you?
                min: 5
                max: 1
              - id: safe
                type: yesno
                text: Do you feel safe?
                optinal: true
              - id: safe
                type: rating
                text: Again?
            """;

        var result = SurveyFileParser.Parse(yaml);

        Assert.Null(result.Survey);
        Assert.Equal(
            [
                (1, "id", "has a space in it"),
                (1, "outro", "needs an outro"),
                (10, "questions[1] (happy).max", "max must be bigger than min"),
                (14, "questions[2] (safe).optinal", "did you mean 'optional'?"),
                (15, "questions[3] (safe).id", "used twice: 'safe' (also on line 11)"),
                (16, "questions[3] (safe).type", "unknown question type 'rating'"),
            ],
            result.Errors.Select(e => (e.Line, e.Field, Phrase(e.Message, "has a space in it", "needs an outro", "max must be bigger than min",
                "did you mean 'optional'?", "used twice: 'safe' (also on line 11)", "unknown question type 'rating'"))));
    }

    private static string Phrase(string message, params string[] phrases) =>
        phrases.FirstOrDefault(p => message.Contains(p, StringComparison.Ordinal)) ?? message;

    [Fact]
    public void Parse_NamesTheQuestionAndTheLanguage_WhenATranslationIsMissing()
    {
        var yaml = "id: s\ntitle: { en: T, cy: T }\nlanguages: [en, cy]\nkeyword: GO\nintro: { en: Hi, cy: Helo }\noutro: { en: Bye, cy: Hwyl }\nquestions:\n"
            + "  - id: happy\n    type: yesno\n    text: { en: Happy?, cy: Hapus? }\n"
            + "  - id: safe\n    type: yesno\n    text: { en: Safe? }\n";

        var error = Assert.Single(SurveyFileParser.Parse(yaml).Errors);

        Assert.Equal("questions[2] (safe).text", error.Field);
        Assert.Contains("Welsh (cy)", error.Message);
        Assert.Equal(13, error.Line);
        Assert.Equal("Line 13, questions[2] (safe).text: the Welsh (cy) question text is missing: add a line 'cy: ...'", error.ToString());
    }

    [Fact]
    public void Parse_RefusesAFileOverOneMegabyte_WithoutReadingIt()
    {
        var yaml = SurveyFileParserTests.DesignExample + "\n#" + new string('x', SurveyFileParser.MaxFileCharacters);

        var error = Assert.Single(SurveyFileParser.Parse(yaml).Errors);

        Assert.Equal(0, error.Line);
        Assert.Contains("too big", error.Message);
    }

    [Fact]
    public void Parse_RefusesAnAliasBomb_Quickly()
    {
        var yaml = "a: &a [x, x, x, x, x, x, x, x, x]\n"
            + string.Join("", Enumerable.Range(0, 12).Select(i => $"{(char)('b' + i)}: &{(char)('b' + i)} [*{(char)('a' + i)}, *{(char)('a' + i)}, *{(char)('a' + i)}, *{(char)('a' + i)}, *{(char)('a' + i)}, *{(char)('a' + i)}, *{(char)('a' + i)}, *{(char)('a' + i)}, *{(char)('a' + i)}]\n"));
        var watch = System.Diagnostics.Stopwatch.StartNew();

        var result = SurveyFileParser.Parse(yaml);

        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(2), $"took {watch.Elapsed}");
        Assert.Null(result.Survey);
        Assert.Contains(result.Errors, e => e.Message.Contains("repeats another part", StringComparison.Ordinal));
    }

    [Fact]
    public void Parse_RefusesDeepNesting_WithAnError()
    {
        var yaml = "id: " + new string('[', 5000) + new string(']', 5000) + "\n";

        var error = Assert.Single(SurveyFileParser.Parse(yaml).Errors);

        Assert.Contains("nested more than", error.Message);
        Assert.Equal(1, error.Line);
    }

    [Fact]
    public void Parse_NeverThrows_ForAnyCutOffPartOfAValidFile()
    {
        var full = SurveyFileParserTests.DesignExample;
        for (var length = 0; length < full.Length; length++)
        {
            var result = SurveyFileParser.Parse(full[..length]);
            Assert.True(result.Survey is null || result.Errors.Count == 0, $"cut at {length}: a survey came back with errors");
            Assert.All(result.Errors, e => Assert.False(string.IsNullOrWhiteSpace(e.Message)));
        }
    }

    [Theory]
    [InlineData("{")]
    [InlineData("]")]
    [InlineData("id: [")]
    [InlineData("'")]
    [InlineData("key: 'a\n  b: c")]
    [InlineData("? [a, b]\n: c")]
    [InlineData("%YAML 1.2\n---\nid: a")]
    [InlineData("!!binary AAAA")]
    [InlineData("id: s\n  title: x")]
    [InlineData("\uFEFF")]
    public void Parse_GivesErrorsNotExceptions_ForBrokenInput(string yaml)
    {
        var result = SurveyFileParser.Parse(yaml);

        Assert.Null(result.Survey);
        Assert.NotEmpty(result.Errors);
    }
}
