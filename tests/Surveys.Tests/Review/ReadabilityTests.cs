using CoProduction.Surveys.Review;

namespace CoProduction.Surveys.Tests.Review;

/// <summary>Against scores their authors and Wikipedia's "Flesch-Kincaid readability tests" published.</summary>
public sealed class ReadabilityTests
{
    [Fact]
    public void Grade_Is11Point3_ForThePublishedPlatypusSentence_With24SyllablesIn13Words()
    {
        var stats = TextStatistics.Measure("The Australian platypus is seemingly a hybrid of a mammal and reptilian creature.");

        Assert.Equal(13, stats.Words);
        Assert.Equal(24, stats.Syllables);
        Assert.Equal(11.3, Math.Round(stats.Grade, 1));
    }

    [Fact]
    public void ReadingEase_Is116_ForTheCatSatOnTheMat()
    {
        var stats = TextStatistics.Measure("The cat sat on the mat.");

        Assert.Equal(116.1, Math.Round(stats.ReadingEase, 1));
    }

    [Fact]
    public void Grade_IsMinus1Point3_ForGreenEggsAndHamsPublishedAverages()
    {
        // Green Eggs and Ham: 5.7 words a sentence, 1.02 syllables a word, grade -1.3.
        Assert.Equal(-1.3, Math.Round(Readability.Grade(5.7, 1.02), 1));
    }

    [Fact]
    public void ReadingEase_IsTheHighestPossible_ForOneSyllableOneWordSentences()
    {
        // The formula's ceiling, 121.22, is reached by sentences of one one-syllable word.
        Assert.Equal(121.2, Math.Round(TextStatistics.Measure("Yes. No. Stop.").ReadingEase, 1));
    }

    [Theory]
    [InlineData("cat", 1)]
    [InlineData("table", 2)]
    [InlineData("make", 1)]
    [InlineData("creature", 2)]
    [InlineData("Australian", 3)]
    [InlineData("happy", 2)]
    [InlineData("wanted", 2)]
    [InlineData("lived", 1)]
    [InlineData("yes", 1)]
    [InlineData("intervention", 4)]
    [InlineData("homes", 1)]
    [InlineData("services", 3)]
    public void Syllables_AreCountedAsPeopleSayThem(string word, int syllables)
    {
        Assert.Equal(syllables, Syllables.Count(word));
    }

    [Fact]
    public void Sentences_DoNotSplitInsideANumber()
    {
        var stats = TextStatistics.Measure("It costs 1.50 today. Is that ok?");

        Assert.Equal(2, stats.Sentences.Count);
    }
}
