using CoProduction.Surveys.Understanding;

namespace CoProduction.Surveys.Tests.Understanding;

/// <summary>
/// Plain ASCII replies (most texts) take a shortcut through <see cref="ReplyText"/> that skips the
/// rune-by-rune folding: every reply must still read exactly as the full folding reads it, or a
/// survey would understand "YES" or "don't" differently from before.
/// </summary>
public class ReplyTextAsciiFacts
{
    public static IEnumerable<object[]> Replies =>
    [
        ["yes"], ["YES"], ["Yes please"], ["4"], ["  3  "], ["skip"], ["More trips out please"],
        ["don't"], ["Don`t know"], ["stop!!"], ["STOP texting me, thank you."], ["1/2/2024"], ["12-03-1990"],
        ["a\tb\n c"], ["   "], [""], ["+44 7700 900000"], ["~hello~ | <3 = love"], ["C'est la vie"],
        ["100%"], ["$5.50"], ["a^b"], ["x_y"], ["(1)"], ["\u0001control\u001f"],
    ];

    [Theory]
    [MemberData(nameof(Replies))]
    public void AnAsciiReply_FoldsAsTheFullFoldingDoes(string reply) =>
        Assert.Equal(ReplyText.FoldRunes(reply), ReplyText.Fold(reply));

    [Fact]
    public void EveryAsciiCharacter_FoldsAndSplitsAsTheFullFoldingDoes()
    {
        // Each printable and control character alone, between letters and in capitals around it.
        for (var c = (char)0; c < 0x80; c++)
        {
            foreach (var reply in new[] { c.ToString(), $"ab{c}cd", $"A {c} B", $"{c}{c}x{c}" })
            {
                Assert.Equal(ReplyText.FoldRunes(reply), ReplyText.Fold(reply));
                Assert.Equal(WordsTheLongWay(reply), ReplyText.Words(reply));
            }
        }
    }

    [Fact]
    public void ALowerCaseReply_IsNotCopied()
    {
        const string reply = "more trips out please";
        Assert.Same(reply, ReplyText.Fold(reply));
        Assert.Same(reply, ReplyText.Words(reply));
    }

    [Fact]
    public void NonAsciiReplies_StillFoldAsBefore()
    {
        Assert.Equal("ydw", ReplyText.Words("Ŷdw"));
        Assert.Equal("4", ReplyText.Words("4\uFE0F\u20E3"));
        Assert.Equal("dont", ReplyText.Words("don’t"));
        Assert.Equal("thumbsup", ReplyText.Words("👍"));
    }

    /// <summary>Words as its rune loop makes them, with the full folding (the shortcut's reference).</summary>
    private static string WordsTheLongWay(string reply)
    {
        var folded = ReplyText.FoldRunes(reply);
        var sb = new System.Text.StringBuilder();
        foreach (var rune in folded.EnumerateRunes())
        {
            var category = System.Text.Rune.GetUnicodeCategory(rune);
            if (System.Text.Rune.IsLetterOrDigit(rune) || category == System.Globalization.UnicodeCategory.SpacingCombiningMark) sb.Append(rune.ToString());
            else if (rune.Value is '\'' or '’' or '‘' or '`') continue;
            else if (category is System.Globalization.UnicodeCategory.OtherSymbol or System.Globalization.UnicodeCategory.MathSymbol && rune.Value is not ('+' or '<' or '>' or '=' or '|' or '~'))
                sb.Append(' ').Append(rune.ToString()).Append(' ');
            else sb.Append(' ');
        }
        return string.Join(' ', sb.ToString().Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
    }
}
