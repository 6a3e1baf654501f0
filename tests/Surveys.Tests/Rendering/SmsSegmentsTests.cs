using CoProduction.Surveys.Rendering;

namespace CoProduction.Surveys.Tests.Rendering;

public sealed class SmsSegmentsTests
{
    [Theory]
    [InlineData("Reply 1 to 5", "GSM-7")]
    [InlineData("Café £5 @ home", "GSM-7")]
    [InlineData("Don’t worry", "UCS-2")]
    [InlineData("Rhowch y ffôn i lawr", "UCS-2")]
    [InlineData("Thanks 👍", "UCS-2")]
    public void Encoding_IsGsm7OnlyWhenEveryCharacterIsInTheGsmAlphabet(string text, string expected)
    {
        Assert.Equal(expected, SmsSegments.Encoding(text));
    }

    [Theory]
    [InlineData(160, 1)]
    [InlineData(161, 2)]
    [InlineData(306, 2)]
    [InlineData(307, 3)]
    public void Count_UsesGsm7SegmentSizes(int length, int segments)
    {
        Assert.Equal(segments, SmsSegments.Count(new string('a', length)));
    }

    [Theory]
    [InlineData(70, 1)]
    [InlineData(71, 2)]
    [InlineData(134, 2)]
    [InlineData(135, 3)]
    public void Count_UsesUcs2SegmentSizes_WhenAnyCharacterNeedsIt(int length, int segments)
    {
        Assert.Equal(segments, SmsSegments.Count("ŵ" + new string('a', length - 1)));
    }

    [Fact]
    public void Count_CountsExtendedCharactersAsTwo()
    {
        Assert.Equal(1, SmsSegments.Count(new string('€', 80)));
        Assert.Equal(2, SmsSegments.Count(new string('€', 81)));
    }

    [Fact]
    public void Plain_SwapsCurlyQuotesAndDashes_SoTheMessageStaysGsm7()
    {
        var plain = SmsSegments.Plain("We’re here – “always”…");

        Assert.Equal("We're here - \"always\"...", plain);
        Assert.True(SmsSegments.IsGsm7(plain));
    }

    /// <summary>The rule as it was written character by character, before the set searches.</summary>
    private static class CharacterByCharacter
    {
        private const string Basic =
            "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?" +
            "¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà";

        private const string Extended = "^{}\\[~]|€\f";

        public static bool IsGsm7(string text) => text.All(c => Basic.Contains(c) || Extended.Contains(c));

        public static int Units(string text) => IsGsm7(text) ? text.Sum(c => Extended.Contains(c) ? 2 : 1) : text.Length;

        public static string Plain(string text) => text
            .Replace('‘', '\'').Replace('’', '\'').Replace('“', '"').Replace('”', '"')
            .Replace('–', '-').Replace('—', '-').Replace("…", "...").Replace('\u00A0', ' ');
    }

    [Theory]
    [InlineData("")]
    [InlineData("Reply 1 to 5")]
    [InlineData("Café £5 @ home {brackets} [and] ~tilde~ | pipe ^ caret € euro \\ back\fform")]
    [InlineData("Don’t worry – it’s “fine”… really\u00A0now — ok ‘yes’")]
    [InlineData("Rhowch y ffôn i lawr, ŵyr, ŷd")]
    [InlineData("Thanks 👍 {€}")]
    [InlineData("€€€€€€€€€€€€€€€€€€€€€€€€€€€€€€€€€€€€€€€€€€€€€€€€€€€€€€€€€€€€€€€€€€€€€€€€€€€€€€€€€€€€€€€€€€€€€€€€")]
    [InlineData("Line one\nLine two\r\nLine three with a tab\tand NUL\0")]
    public void TheSetSearches_CountAndCleanAsTheCharacterByCharacterRuleDid(string text)
    {
        foreach (var t in new[] { text, text + text + text + text, text + new string('x', 150) })
        {
            Assert.Equal(CharacterByCharacter.IsGsm7(t), SmsSegments.IsGsm7(t));
            Assert.Equal(CharacterByCharacter.Units(t), SmsSegments.Units(t));
            Assert.Equal(CharacterByCharacter.Plain(t), SmsSegments.Plain(t));
        }
    }
}
