using CoProduction.Surveys.Understanding;

namespace CoProduction.Surveys.Tests.Understanding;

/// <summary>The service's words come from one phrase file per language, and a file must say everything.</summary>
public sealed class PhrasesFacts
{
    internal static string MadeUpLanguageFile() =>
        File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Understanding", "Phrases", "zz.txt"));

    /// <summary>Zedish, registered once for the whole test run (tests of other languages never ask for it).</summary>
    internal static Phrases Zedish { get; } = Phrases.Add(MadeUpLanguageFile(), "zz.txt");

    [Fact]
    public void BuiltInLanguages_AreEnglishThenWelsh_EachInItsOwnWords()
    {
        Assert.Equal(["en", "cy"], Phrases.All.Select(p => p.Language).Take(2));
        Assert.Equal("Please reply yes or no.", Phrases.For("en").YesOrNo);
        Assert.Equal("Atebwch ie neu na, os gwelwch yn dda.", Phrases.For("cy").YesOrNo);
        Assert.Equal("For English, press 1. Am Gymraeg, pwyswch 2.", Phrases.ChooseLanguage(["en", "cy"]));
    }

    [Fact]
    public void ALanguageWithNoFile_IsSpokenInEnglish()
    {
        Assert.Equal("en", Phrases.For("fr").Language);
    }

    [Fact]
    public void AMadeUpLanguageFile_IsSpoken_WithItsOwnDatesAndPlaceholdersFilledIn()
    {
        var zz = Zedish;

        Assert.Same(zz, Phrases.For("ZZ"));
        Assert.Equal("Zlease zeply zith z zumber zrom 1 zo 5.", zz.NumberRange(1, 5));
        Assert.Equal("Zuesday 1 Zecember", zz.Date(new DateOnly(2026, 12, 1), new DateOnly(2026, 11, 26)));
        Assert.Equal("Zress z zumber zrom 1 zo 5, zhere 1 zeans Zad znd 5 zeans Zood, zr zay zour znswer.", zz.PressRange(1, 5, "Zad", "Zood"));
        Assert.Equal("For English, press 1. Zor Zedish, zress 2.", Phrases.ChooseLanguage(["en", "zz"]));
    }

    [Fact]
    public void AFileThatLeavesALineOut_IsRefused_NamingTheLine()
    {
        var withoutHelp = string.Join('\n', MadeUpLanguageFile().Split('\n').Where(l => !l.StartsWith("help:", StringComparison.Ordinal)))
            .Replace("language: zz", "language: zy", StringComparison.Ordinal);

        var error = Assert.Throws<FormatException>(() => Phrases.Add(withoutHelp, "zy.txt"));

        Assert.Contains("zy.txt", error.Message, StringComparison.Ordinal);
        Assert.Contains("help", error.Message, StringComparison.Ordinal);
        Assert.Equal("en", Phrases.For("zy").Language);
    }

    [Fact]
    public void AFilledInValue_IsNeverReadAsAPlaceholder()
    {
        Assert.Equal("I heard: {keyword}. Is that right?", Phrases.English.HeardThis("{keyword}"));
    }
}
