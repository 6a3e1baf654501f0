using CoProduction.Surveys.Definitions;

namespace CoProduction.Surveys.Understanding;

/// <summary>
/// Any words are an answer to a text question. Too long is sent back rather than cut, so the
/// person decides what to leave out, not us.
/// </summary>
internal static class FreeTextReader
{
    public static AnswerResult Read(Question question, string reply, string language)
    {
        var phrases = Phrases.For(language);
        var text = reply.Trim();
        if (text.Length == 0) return new AnswerResult.Unclear(phrases.SomeWords);
        // Count what a person sees as letters (an emoji is one), not UTF-16 code units.
        var length = new System.Globalization.StringInfo(text).LengthInTextElements;
        if (length > question.MaxLength) return new AnswerResult.Unclear(phrases.TextTooLong(question.MaxLength));
        return new AnswerResult.Understood(text, text);
    }
}
