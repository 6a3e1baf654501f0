using CoProduction.Store.Results;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace CoProduction.Store.Tests.Results;

/// <summary>
/// Tables of counts and what the public may see of them, worked out by hand. In the expected
/// column: a number is shown as it is, "<" is shown as "fewer than 5", "-" is hidden, and a null
/// total means the whole table is withheld.
/// </summary>
public sealed class DisclosureControlTests
{
    public static TheoryData<string, string, int?, string> Tables => new()
    {
        // Everything at or above the thresholds: shown as it is, zeros too.
        { "all shown", "A=12 B=8 C=0", 20, "A=12 B=8 C=0" },
        // 9 people is fewer than 10: no figure at all.
        { "group of 9", "A=5 B=4", null, "A=- B=-" },
        { "group of 9, one answer", "A=9", null, "A=-" },
        // B=4 alone would be 10 - 6; A goes too. Then A+B=10, B in 1..4, A in 5..10: B could be 1..4.
        { "one small beside one other", "A=6 B=4", 10, "A=- B=<" },
        // A alone is 30 - 7 - 20 = 3. With B hidden: A+B=10, A in 1..4, B in 5..10: A is 1..4, B is 6..9.
        { "secondary takes the smallest shown", "A=3 B=7 C=20", 30, "A=< B=- C=20" },
        // With B hidden: A+B=6, A>=1, B>=5 gives A=1, B=5 exactly, so C has to go as well.
        { "secondary not enough", "A=1 B=5 C=20", 26, "A=< B=- C=-" },
        // Two small ones hide each other: A+B=5 could be 1+4, 2+3, 3+2 or 4+1.
        { "two small hide each other", "A=2 B=3 C=15", 20, "A=< B=< C=15" },
        // A+B=2 with both at least 1 gives 1 and 1: so C goes too.
        { "two ones give each other away", "A=1 B=1 C=15", 17, "A=< B=< C=-" },
        // Unclear and skipped count like any answer: 23 - 12 - 0 would give unclear = 2.
        { "unclear is protected too", "4=12 5=9 unclear=2 skipped=0", 23, "4=12 5=- unclear=< skipped=0" },
        // Exactly 5 is not small; exactly 10 people is enough.
        { "at the thresholds", "yes=5 no=5", 10, "yes=5 no=5" },
    };

    [Theory]
    [MemberData(nameof(Tables))]
    public void Disclose_ShowsOnlyWhatCannotIdentifyAnyone(string because, string counts, int? total, string expected)
    {
        var table = DisclosureControl.Default.Disclose(Parse(counts));

        Assert.True(total == table.Total, $"{because}: total {table.Total?.ToString() ?? "withheld"}, expected {total?.ToString() ?? "withheld"}");
        Assert.Equal(expected, Render(table));
    }

    [Theory]
    [MemberData(nameof(Tables))]
    public void Disclose_NeverLetsAHiddenCountLeaveTheServer(string because, string counts, int? total, string expected)
    {
        _ = (because, total, expected);
        var table = DisclosureControl.Default.Disclose(Parse(counts));

        Assert.All(table.Cells.Where(c => c.Disclosure != Disclosure.Shown), c => Assert.Null(c.Count));
    }

    [Theory]
    [InlineData(20, "A=12 B=8", 20, "A=12 B=8")]
    [InlineData(20, "A=12 B=7", null, "A=- B=-")]
    public void Disclose_WithholdsGroupsUnderARaisedMinimum(int minimumGroup, string counts, int? total, string expected)
    {
        var table = Control(new DisclosureOptions { MinimumGroup = minimumGroup }).Disclose(Parse(counts));

        Assert.Equal((total, expected), (table.Total, Render(table)));
    }

    [Fact]
    public void Disclose_UsesARaisedSmallCount()
    {
        // A=9 is under 10. With B hidden: A+B=39, A in 1..9, B in 10..31 (no more than C): A is 8 or 9, B is 30 or 31.
        var table = Control(new DisclosureOptions { SmallCount = 10 }).Disclose(Parse("A=9 B=30 C=31"));

        Assert.Equal((70, 10, "A=< B=- C=31"), (table.Total, table.SmallCount, Render(table)));
    }

    [Theory]
    [InlineData("MinimumGroup", "9", DisclosureOptions.MinimumGroupError)]
    [InlineData("SmallCount", "4", DisclosureOptions.SmallCountError)]
    public void Options_RefuseThresholdsLowerThanTheDefaults(string key, string value, string error)
    {
        var config = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { [$"{DisclosureOptions.Section}:{key}"] = value })
            .Build();
        using var services = new ServiceCollection().AddStore(config, Path.GetTempPath()).BuildServiceProvider();

        var thrown = Assert.Throws<OptionsValidationException>(() => services.GetRequiredService<IOptions<DisclosureOptions>>().Value);
        Assert.Contains(error, thrown.Failures);
    }

    [Fact]
    public void Options_AcceptRaisedThresholds()
    {
        var config = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?>
            {
                [$"{DisclosureOptions.Section}:MinimumGroup"] = "15",
                [$"{DisclosureOptions.Section}:SmallCount"] = "8",
            })
            .Build();
        using var services = new ServiceCollection().AddStore(config, Path.GetTempPath()).BuildServiceProvider();

        var table = new DisclosureControl(services.GetRequiredService<IOptions<DisclosureOptions>>()).Disclose(Parse("A=7 B=8"));

        Assert.Equal((15, "A=< B=-"), (table.Total, Render(table)));
    }

    [Theory]
    // 12 now, 9 before: both shown, so the change is shown.
    [InlineData("A=12 B=18", "A=9 B=21", 3)]
    // 12 now, fewer than 5 before: "up by 9" would give last round's 3 away.
    [InlineData("A=12 B=18", "A=3 B=7 C=20", null)]
    // Last round withheld (9 people): no change either.
    [InlineData("A=12 B=18", "A=5 B=4", null)]
    public void Change_IsShownOnlyWhenBothRoundsShowTheCount(string now, string before, int? change)
    {
        var current = DisclosureControl.Default.Disclose(Parse(now));
        var previous = DisclosureControl.Default.Disclose(Parse(before));

        Assert.Equal(change, DisclosureControl.Change(current.Find("A"), previous.Find("A")));
    }

    private static DisclosureControl Control(DisclosureOptions options) => new(Options.Create(options));

    private static List<KeyValuePair<string, int>> Parse(string counts) =>
        counts.Split(' ').Select(p => p.Split('=')).Select(p => KeyValuePair.Create(p[0], int.Parse(p[1]))).ToList();

    private static string Render(DisclosedTable table) =>
        string.Join(" ", table.Cells.Select(c => c.Key + "=" + c.Disclosure switch
        {
            Disclosure.Shown => c.Count!.Value.ToString(),
            Disclosure.FewerThan => "<",
            _ => "-",
        }));
}
