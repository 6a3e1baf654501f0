using System.Text.RegularExpressions;

namespace CoProduction.Surveys.Review;

/// <summary>Sentences, words and syllables of a wording, and the two Flesch scores made from them.</summary>
public sealed partial record TextStatistics(
    IReadOnlyList<IReadOnlyList<string>> Sentences, int Words, int Syllables)
{
    public static TextStatistics Measure(string text)
    {
        var sentences = SentenceEnd().Split(text ?? "")
            .Select(s => (IReadOnlyList<string>)Word().Matches(s).Select(m => m.Value).ToList())
            .Where(words => words.Count > 0)
            .ToList();
        var words = sentences.Sum(s => s.Count);
        var syllables = sentences.Sum(s => s.Sum(Review.Syllables.Count));
        return new TextStatistics(sentences, words, syllables);
    }

    public double WordsPerSentence => Sentences.Count == 0 ? 0 : (double)Words / Sentences.Count;
    public double SyllablesPerWord => Words == 0 ? 0 : (double)Syllables / Words;

    /// <summary>Flesch reading ease: 100 and above is very easy, 60 to 70 plain English, under 30 very hard.</summary>
    public double ReadingEase => Words == 0 ? 0 : Readability.ReadingEase(WordsPerSentence, SyllablesPerWord);

    /// <summary>Flesch-Kincaid grade: the US school year that can read it; 5 or under suits most people.</summary>
    public double Grade => Words == 0 ? 0 : Readability.Grade(WordsPerSentence, SyllablesPerWord);

    /// <summary>Whole words, numbers and contractions ("don't"); "1 = very" counts 2 words, not 3.</summary>
    [GeneratedRegex(@"[\p{L}\p{N}]+(?:['’\-][\p{L}\p{N}]+)*")]
    private static partial Regex Word();

    /// <summary>A sentence ends at . ! ? or a line break, but not inside a number such as 1.5.</summary>
    [GeneratedRegex(@"(?<!\d)[.!?]+(?!\d)|\n+")]
    private static partial Regex SentenceEnd();
}

/// <summary>The published formulas (Flesch 1948; Kincaid et al. 1975).</summary>
public static class Readability
{
    public static double ReadingEase(double wordsPerSentence, double syllablesPerWord) =>
        206.835 - 1.015 * wordsPerSentence - 84.6 * syllablesPerWord;

    public static double Grade(double wordsPerSentence, double syllablesPerWord) =>
        0.39 * wordsPerSentence + 11.8 * syllablesPerWord - 15.59;
}
