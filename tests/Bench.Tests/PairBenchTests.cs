using System.Text.RegularExpressions;

namespace CoProduction.Bench.Tests;

/// <summary>
/// The turn bench's side-by-side pair (<c>--pair</c>), started as a person starts it: what it refuses before anything
/// runs, and a short pair of this build against itself, end to end.
/// </summary>
public sealed class PairBenchTests
{
    [Theory]
    [InlineData("--pair /no/such/folder: no CoProduction.Bot.dll there", "--pair", "/no/such/folder")]
    [InlineData("--rounds N takes a whole number of at least 1, not '0'.", "--pair", "self", "--rounds", "0")]
    [InlineData("--pair-rows LIST takes one or more of sms, chat,", "--pair", "self", "--pair-rows", "sms,chats")]
    [InlineData("--b-env NAME=VALUE takes a setting written NAME=VALUE, not 'DOTNET_TieredPGO'.", "--pair", "self", "--b-env", "DOTNET_TieredPGO")]
    [InlineData("--b-env is for a pair: give --pair too.", "--b-env", "DOTNET_TieredPGO=0")]
    [InlineData("--rounds is for a pair, --chat-ratio or --bare-ratio: give one of them too.", "--rounds", "6", "--no-postgres")]
    [InlineData("--bare-ratio and --pair do not go together", "--bare-ratio", "--pair", "self")]
    [InlineData("--chat-ratio and --bare-ratio do not go together", "--chat-ratio", "--bare-ratio")]
    [InlineData("--bare-ratio and --target do not go together", "--bare-ratio", "--target", "http://127.0.0.1:5149")]
    [InlineData("--pair-rows is for a pair: give --pair too.", "--bare-ratio", "--pair-rows", "sms")]
    [InlineData("--chat-ratio and --pair do not go together", "--chat-ratio", "--pair", "self")]
    [InlineData("--chat-ratio measures one level:", "--chat-ratio", "--phones", "1,8")]
    [InlineData("--pair-rows is for a pair: give --pair too.", "--chat-ratio", "--pair-rows", "sms")]
    [InlineData("--ratio-rows LIST takes one or more of chat, chat-polling,", "--ratio-rows", "sms")]
    [InlineData("--pair measures one level:", "--pair", "self", "--phones", "1,8")]
    [InlineData("--pair and --target do not go together", "--pair", "self", "--target", "http://127.0.0.1:5149")]
    [InlineData("--postgres-alternate and --pair do not go together", "--postgres-alternate", "commit_delay=2000", "--pair", "self")]
    [InlineData("--postgres-alternate needs the PostgreSQL service", "--postgres-alternate", "commit_delay=2000", "--no-postgres")]
    [InlineData("--postgres-alternate decides a setting for a deployment's server", "--postgres-alternate", "commit_delay=2000", "--postgres-no-fsync")]
    [InlineData("--postgres-alternate measures one level:", "--postgres-alternate", "commit_delay=2000", "--phones", "8,32")]
    [InlineData("--postgres-alternate NAME=VALUE takes a setting written NAME=VALUE, not 'commit_delay'.", "--postgres-alternate", "commit_delay")]
    public async Task A_pair_it_cannot_run_is_refused_with_the_options_before_anything_starts(string said, params string[] arguments)
    {
        var (exit, output, error) = await BenchHelpTests.RunAsync("Turns.Bench", arguments);

        Assert.Equal(2, exit);
        Assert.StartsWith(said, error, StringComparison.Ordinal);
        Assert.Contains("--pair B", error, StringComparison.Ordinal);
        Assert.Equal("", output);
    }

    /// <summary>
    /// This build against itself with a setting for B, two rounds of a second each after two seconds of warming (not the
    /// warm rule): the runs come in ABBA order, each with its figures; two rounds give no verdict and it says so; both
    /// services stored every turn they acknowledged, SMS and web chat alike.
    /// </summary>
    [Fact]
    public async Task A_short_pair_of_this_build_against_itself_runs_in_ABBA_order_gives_no_verdict_and_both_store_every_turn()
    {
        var (exit, output, error) = await BenchHelpTests.RunAsync("Turns.Bench", TimeSpan.FromSeconds(180),
            "--pair", "self", "--b-env", "DOTNET_TieredPGO=0", "--rounds", "2", "--seconds", "1", "--warmup", "0", "--warm-for", "1",
            "--phones", "2", "--pair-rows", "sms,chat-message");

        Assert.True(exit == 0, $"exit {exit}\n{output}\n{error}");
        Assert.Contains("with DOTNET_TieredPGO=0", output, StringComparison.Ordinal);
        foreach (var row in new[] { "SMS turn, SQLite, 2 phones:", "chat message (WebSocket, kept conversation), SQLite, 2 visitors:" })
        {
            var section = output[output.IndexOf(row, StringComparison.Ordinal)..];
            var runs = Regex.Matches(section, @"round (\d), ([AB]): (\d+\.\d{3}) ms CPU a turn, [\d,]+ turns/s, p99 [\d.]+ ms")
                .Take(4).Select(m => m.Groups[1].Value + m.Groups[2].Value).ToList();
            Assert.Equal(["1A", "1B", "2B", "2A"], runs);
            Assert.Matches(@"B cheaper in [0-2] of 2 rounds", section);
            Assert.Contains("No difference shown: 2 rounds cannot show one at 5%", section, StringComparison.Ordinal);
            Assert.Matches(@"stored, A: all [\d,]+ stored", section);
            Assert.Matches(@"stored, B: all [\d,]+ stored", section);
        }
    }

    /// <summary>
    /// A PostgreSQL server setting alternated on one server and warm service (<c>--postgres-alternate</c>), two rounds of a
    /// second each after two seconds of warming: before each run the server is set to A (the bench's commit_delay, 1000) or
    /// B (2000), and says so as it now reads; the runs come in ABBA order with the service's and the server's CPU and the
    /// WAL's flushes a turn; two rounds give no verdict and it says so; every acknowledged turn is stored; nothing else runs.
    /// </summary>
    [Fact]
    public async Task A_short_alternation_of_a_PostgreSQL_setting_sets_it_before_each_run_in_ABBA_order_and_stores_every_turn()
    {
        var (output, steps) = await AlternateAsync("commit_delay=2000", warmup: "0");

        Assert.Contains("A: commit_delay = 1000 (the bench's settings)", output, StringComparison.Ordinal);
        Assert.Contains("B: commit_delay = 2000", output, StringComparison.Ordinal);
        // A setting a reload takes: no restart.
        Assert.Equal(["set A 1000", "1A", "set B 2000", "1B", "set B 2000", "2B", "set A 1000", "2A"], steps);
        Assert.Contains("No difference shown: 2 rounds cannot show one at 5%", output, StringComparison.Ordinal);
        Assert.Matches(@"p99 ms by round: A [\d.]+, [\d.]+; B [\d.]+, [\d.]+; B lower in [0-2] of 2 rounds", output);
        Assert.Matches(@"WAL flushes a turn by round: A [\d.]+, [\d.]+; B [\d.]+, [\d.]+; B lower in [0-2] of 2 rounds", output);
        Assert.DoesNotContain("bare endpoint", output, StringComparison.Ordinal);
        Assert.DoesNotContain("SMS turn, SQLite", output, StringComparison.Ordinal);
    }

    /// <summary>
    /// A setting the server takes only when it starts (<c>shared_buffers</c>) alternated on one warm service: the server is
    /// restarted before every run, A's and B's, and each run says what the restarted server reads (the bench's 128MB or
    /// B's 160MB); the service finds the server again by itself after each restart, its turns go on being acknowledged,
    /// and every one acknowledged is stored.
    /// </summary>
    [Fact]
    public async Task A_short_alternation_of_a_setting_taken_at_the_servers_start_restarts_it_before_each_run_and_stores_every_turn()
    {
        var (output, steps) = await AlternateAsync("shared_buffers=160MB", warmup: "1");

        Assert.Contains("shared_buffers taken only when the server starts: the server is restarted before every run", output, StringComparison.Ordinal);
        Assert.Equal(["set A 128MB restarted", "1A", "set B 160MB restarted", "1B", "set B 160MB restarted", "2B", "set A 128MB restarted", "2A"], steps);
        // Each run after a restart still served turns: the service's connections to the old server were replaced.
        Assert.DoesNotMatch(@"round \d, [AB]: \d+\.\d{3} ms CPU a turn, 0 turns/s", output);
    }

    /// <summary>
    /// Two rounds of <c>--postgres-alternate SETTING</c> at 4 phones, a second each after two seconds of warming; it must
    /// exit 0 and store every acknowledged turn. Its steps in order: "set A value" (" restarted" when the server was
    /// restarted for it) and each run as round and side, the run's line with the service's and server's CPU and the WAL's
    /// flushes a turn.
    /// </summary>
    private static async Task<(string Output, List<string> Steps)> AlternateAsync(string setting, string warmup)
    {
        var (exit, output, error) = await BenchHelpTests.RunAsync("Turns.Bench", TimeSpan.FromSeconds(240),
            "--postgres-alternate", setting, "--rounds", "2", "--seconds", "1", "--warmup", warmup, "--warm-for", "2", "--phones", "4");
        Assert.True(exit == 0, $"exit {exit}\n{output}\n{error}");
        Assert.Matches(@"stored: all [\d,]+ stored", output);
        var name = setting[..setting.IndexOf('=', StringComparison.Ordinal)];
        var steps = Regex.Matches(output, $@"set ([AB]): {name} = (\w+)( \(after a restart\))?|round (\d), ([AB]): \d+\.\d{{3}} ms CPU a turn, [\d,]+ turns/s, p99 [\d.]+ ms \(service \d+\.\d{{3}}, server \d+\.\d{{3}}\); \d+\.\d{{3}} WAL flushes a turn")
            .Select(m => m.Groups[1].Success ? $"set {m.Groups[1].Value} {m.Groups[2].Value}{(m.Groups[3].Success ? " restarted" : "")}" : m.Groups[4].Value + m.Groups[5].Value)
            .ToList();
        return (output, steps);
    }

    /// <summary>
    /// Web chat against the SMS turn on one service of this build (<c>--chat-ratio</c>), two rounds of a second each after
    /// a second of warming: the rows come SMS then chat in the first round and chat then SMS in the second, each round gives
    /// a ratio, two rounds give no verdict and it says so, and every SMS and chat turn acknowledged is stored.
    /// </summary>
    [Fact]
    public async Task A_short_chat_ratio_interleaves_the_SMS_turn_and_the_chat_row_and_stores_every_turn()
    {
        var (exit, output, error) = await BenchHelpTests.RunAsync("Turns.Bench", TimeSpan.FromSeconds(180),
            "--chat-ratio", "--rounds", "2", "--seconds", "1", "--warmup", "0", "--warm-for", "1", "--phones", "2", "--ratio-rows", "chat-message");

        Assert.True(exit == 0, $"exit {exit}\n{output}\n{error}");
        var runs = Regex.Matches(output, @"round (\d), (sms|chat-message): \d+\.\d{3} ms CPU a turn, [\d,]+ turns/s, p99 [\d.]+ ms")
            .Select(m => m.Groups[1].Value + " " + m.Groups[2].Value).ToList();
        Assert.Equal(["1 sms", "1 chat-message", "2 chat-message", "2 sms"], runs);
        Assert.Matches(@"chat message \(WebSocket, kept conversation\), SQLite, against the SMS turn round by round: \d+\.\d\d, \d+\.\d\d; median", output);
        Assert.Matches(@"under 2 times the SMS turn in [0-2] of 2 rounds", output);
        Assert.Contains("Not shown either way: 2 rounds cannot show it at 5%", output, StringComparison.Ordinal);
        Assert.Matches(@"stored, SMS: all [\d,]+ stored", output);
        Assert.Matches(@"stored, web chat: all [\d,]+ stored", output);
    }

    /// <summary>
    /// The SMS turn against the bare endpoint (<c>--bare-ratio</c>), two levels of two rounds of a second each after a
    /// second of warming: at each level the bare endpoint runs first in the first round and last in the second, each
    /// round gives the SMS turn's share of the bare endpoint, two rounds give no verdict and it says so, and every SMS
    /// turn acknowledged is stored.
    /// </summary>
    [Fact]
    public async Task A_short_bare_ratio_interleaves_the_bare_endpoint_and_the_SMS_turn_at_each_level_and_stores_every_turn()
    {
        var (exit, output, error) = await BenchHelpTests.RunAsync("Turns.Bench", TimeSpan.FromSeconds(180),
            "--bare-ratio", "--rounds", "2", "--seconds", "1", "--warmup", "0", "--warm-for", "1", "--phones", "1,2");

        Assert.True(exit == 0, $"exit {exit}\n{output}\n{error}");
        var runs = Regex.Matches(output, @"round (\d), (bare|sms): \d+\.\d{3} ms CPU a turn, [\d,]+ turns/s, p99 [\d.]+ ms")
            .Select(m => m.Groups[1].Value + " " + m.Groups[2].Value).ToList();
        Assert.Equal(["1 bare", "1 sms", "2 sms", "2 bare", "1 bare", "1 sms", "2 sms", "2 bare"], runs);
        Assert.Matches(@"SMS turn at 1 phones, against the bare endpoint round by round: \d+\.\d%, \d+\.\d%; median", output);
        Assert.Matches(@"SMS turn at 2 phones, against the bare endpoint round by round: \d+\.\d%, \d+\.\d%; median", output);
        Assert.Matches(@"at least 20% of the bare endpoint in [0-2] of 2 rounds", output);
        Assert.Contains("Not shown either way: 2 rounds cannot show it at 5%", output, StringComparison.Ordinal);
        Assert.Equal(2, Regex.Matches(output, @"stored, SMS: all [\d,]+ stored").Count);
    }
}
