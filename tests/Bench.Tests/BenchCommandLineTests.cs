using CoProduction.Bench;

namespace CoProduction.Bench.Tests;

/// <summary>How a bench reads its command line, before it starts anything.</summary>
public sealed class BenchCommandLineTests
{
    private static readonly BenchOption[] Options =
    [
        BenchOption.Whole("--seconds", "N", "seconds a level"),
        BenchOption.Wholes("--phones", "LIST", "the levels"),
        BenchOption.Number("--minutes", "N", "minutes"),
        BenchOption.Text("--target", "URL", "a service"),
        BenchOption.Switch("--no-chat", "no chat rows"),
    ];

    private static readonly BenchOption[] Words = [BenchOption.Whole("people", "PEOPLE", "how many people")];

    private static (BenchCommandLine Read, string Output, string Error) Read(params string[] args)
    {
        var (output, error) = (new StringWriter(), new StringWriter());
        var read = BenchCommandLine.Read(args, "A bench for the tests.", Options, Words, output, error);
        return (read, output.ToString(), error.ToString());
    }

    [Theory]
    [InlineData("--help")]
    [InlineData("-h")]
    [InlineData("--seconds", "3", "--help")]
    public void Help_prints_every_option_and_stops(params string[] args)
    {
        var (read, output, error) = Read(args);

        Assert.Equal(0, read.Exit);
        Assert.Contains("A bench for the tests.", output, StringComparison.Ordinal);
        foreach (var option in new[] { "--seconds N", "--phones LIST", "--minutes N", "--target URL", "--no-chat", "PEOPLE", "--help, -h" })
        {
            Assert.Contains(option, output, StringComparison.Ordinal);
        }
        Assert.Equal("", error);
    }

    [Theory]
    [InlineData("Unknown option: --secnds.", "--secnds", "3")]
    [InlineData("--seconds needs a value (N).", "--seconds")]
    [InlineData("--seconds N takes a whole number, not 'ten'.", "--seconds", "ten")]
    [InlineData("--phones LIST takes whole numbers separated by commas, not '1,x'.", "--phones", "1,x")]
    [InlineData("--minutes N takes a number, not 'NaN'.", "--minutes", "NaN")]
    [InlineData("PEOPLE takes a whole number, not 'many'.", "many")]
    [InlineData("Unexpected word: 50 (this bench takes at most 1).", "100", "50")]
    public void A_mistake_says_what_is_wrong_prints_the_options_and_stops(string said, params string[] args)
    {
        var (read, output, error) = Read(args);

        Assert.Equal(2, read.Exit);
        Assert.StartsWith(said, error, StringComparison.Ordinal);
        Assert.Contains("--seconds N", error, StringComparison.Ordinal);
        Assert.Equal("", output);
    }

    [Fact]
    public void Given_options_and_words_are_read_and_the_others_keep_their_defaults()
    {
        var (read, _, error) = Read("2000", "--seconds", "5", "--phones", "1,8", "--minutes", "0.5", "--target", "http://127.0.0.1:5099", "--no-chat");

        Assert.Null(read.Exit);
        Assert.Equal(2000, read.Whole("people", 100));
        Assert.Equal(5, read.Whole("--seconds", 8));
        Assert.Equal([1, 8], read.Wholes("--phones", "1,8,32,64"));
        Assert.Equal(0.5, read.Number("--minutes", 10));
        Assert.Equal("http://127.0.0.1:5099", read.Text("--target"));
        Assert.True(read.Has("--no-chat"));
        Assert.Equal("", error);

        var defaults = Read().Read;
        Assert.Null(defaults.Exit);
        Assert.Equal(8, defaults.Whole("--seconds", 8));
        Assert.Equal([1, 8, 32, 64], defaults.Wholes("--phones", "1,8,32,64"));
        Assert.Null(defaults.Text("--target"));
        Assert.False(defaults.Has("--no-chat"));
    }

    [Fact]
    public void A_negative_number_is_a_value_not_an_option()
    {
        var read = Read("--seconds", "-1").Read;

        Assert.Null(read.Exit);
        Assert.Equal(-1, read.Whole("--seconds", 8));
    }
}

/// <summary>The kinds of option the side-by-side pair brought: settings given again and again, names from a list, a least number.</summary>
public sealed class BenchCommandLineKindsTests
{
    private static readonly BenchOption[] Options =
    [
        BenchOption.Whole("--rounds", "N", "rounds", minimum: 1),
        BenchOption.Setting("--b-env", "NAME=VALUE", "a setting"),
        BenchOption.Choices("--pair-rows", "LIST", "rows", "sms", "chat-message"),
    ];

    private static (BenchCommandLine Read, string Error) Read(params string[] args)
    {
        var error = new StringWriter();
        var read = BenchCommandLine.Read(args, "A bench for the tests.", Options, null, new StringWriter(), error);
        return (read, error.ToString());
    }

    [Fact]
    public void A_setting_given_again_keeps_every_one_in_order_and_its_value_may_hold_an_equals_sign()
    {
        var (read, error) = Read("--b-env", "DOTNET_TieredPGO=0", "--b-env", "Store__Options=a=b", "--pair-rows", "chat-message,sms", "--rounds", "9");

        Assert.Null(read.Exit);
        Assert.Equal("", error);
        Assert.Equal(new[] { KeyValuePair.Create("DOTNET_TieredPGO", "0"), KeyValuePair.Create("Store__Options", "a=b") }, read.Settings("--b-env"));
        Assert.Equal(["chat-message", "sms"], read.Choices("--pair-rows", "sms"));
        Assert.Equal(9, read.Whole("--rounds", 6));

        var defaults = Read().Read;
        Assert.Empty(defaults.Settings("--b-env"));
        Assert.Equal(["sms"], defaults.Choices("--pair-rows", "sms"));
    }

    [Theory]
    [InlineData("--rounds N takes a whole number of at least 1, not '0'.", "--rounds", "0")]
    [InlineData("--b-env NAME=VALUE takes a setting written NAME=VALUE, not 'DOTNET_TieredPGO'.", "--b-env", "DOTNET_TieredPGO")]
    [InlineData("--b-env NAME=VALUE takes a setting written NAME=VALUE, not '=0'.", "--b-env", "=0")]
    [InlineData("--pair-rows LIST takes one or more of sms, chat-message (separated by commas), not 'sms,chat'.", "--pair-rows", "sms,chat")]
    public void A_value_out_of_bounds_is_refused_with_what_is_wanted(string said, params string[] args)
    {
        var (read, error) = Read(args);

        Assert.Equal(2, read.Exit);
        Assert.StartsWith(said, error, StringComparison.Ordinal);
        Assert.Contains("Options:", error, StringComparison.Ordinal);
    }

    [Fact]
    public void A_mistake_the_bench_finds_after_reading_is_refused_the_same_way()
    {
        var error = new StringWriter();
        var read = BenchCommandLine.Read(["--rounds", "3"], "A bench for the tests.", Options, null, new StringWriter(), error);

        Assert.Equal(2, read.Refuse("--rounds is for a pair: give --pair too."));
        Assert.StartsWith("--rounds is for a pair: give --pair too.", error.ToString(), StringComparison.Ordinal);
        Assert.Contains("--b-env NAME=VALUE", error.ToString(), StringComparison.Ordinal);
    }
}
