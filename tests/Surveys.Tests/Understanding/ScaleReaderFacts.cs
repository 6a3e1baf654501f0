namespace CoProduction.Surveys.Tests.Understanding;

public class ScaleReaderFacts
{
    public static IEnumerable<object[]> ScaleReplies => ReplyTable.Load("scale.tsv", "happy", "en");
    public static IEnumerable<object[]> NumberReplies => ReplyTable.Load("number.tsv", "visits", "en");
    public static IEnumerable<object[]> ScriptReplies => ReplyTable.Load("number-scripts.tsv", "visits", "en");
    public static IEnumerable<object[]> FormatReplies => ReplyTable.Load("number-formats.tsv", "visits", "en");

    [Theory]
    [MemberData(nameof(ScaleReplies))]
    public void Read_StoresTheNumber_OrStaysUnclear_ForScaleReplies(string reply, string expected, string question, string language, string row) =>
        AnswerAssert.ReadsAs(reply, expected, question, language, row);

    [Theory]
    [MemberData(nameof(NumberReplies))]
    public void Read_StoresTheNumber_OrStaysUnclear_ForNumberReplies(string reply, string expected, string question, string language, string row) =>
        AnswerAssert.ReadsAs(reply, expected, question, language, row);

    [Theory]
    [MemberData(nameof(ScriptReplies))]
    public void Read_StoresTheNumber_WhateverScriptItsDigitsAreIn(string reply, string expected, string question, string language, string row) =>
        AnswerAssert.ReadsAs(reply, expected, question, language, row);

    [Theory]
    [MemberData(nameof(FormatReplies))]
    public void Read_StoresTheNumber_OnlyWhenItsSeparatorsAndUnitsHaveOneReading(string reply, string expected, string question, string language, string row) =>
        AnswerAssert.ReadsAs(reply, expected, question, language, row);
}
