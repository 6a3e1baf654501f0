using CoProduction.Channels.Twilio;

namespace CoProduction.Channels.Tests.Twilio;

public sealed class LocalDevelopmentTokenTests : IDisposable
{
    private readonly string _dataDirectory = Path.Combine(Path.GetTempPath(), "coproduction-tests", Guid.NewGuid().ToString("N"), "data");

    public void Dispose()
    {
        var root = Path.GetDirectoryName(_dataDirectory)!;
        if (Directory.Exists(root))
        {
            Directory.Delete(root, recursive: true);
        }
    }

    [Fact]
    public void LoadOrCreate_Makes32HexCharactersInTheDataDirectory()
    {
        var token = LocalDevelopmentToken.LoadOrCreate(_dataDirectory);

        Assert.Matches("^[0-9a-f]{32}$", token);
        Assert.Equal(token, File.ReadAllText(Path.Combine(_dataDirectory, "twilio-dev-token.txt")));
    }

    [Fact]
    public void LoadOrCreate_ReturnsTheSameTokenAfterwards()
    {
        var first = LocalDevelopmentToken.LoadOrCreate(_dataDirectory);

        Assert.Equal(first, LocalDevelopmentToken.LoadOrCreate(_dataDirectory));
    }

    [Fact]
    public void LoadOrCreate_MakesADifferentTokenForEachDataDirectory()
    {
        var other = Path.Combine(Path.GetDirectoryName(_dataDirectory)!, "other");

        Assert.NotEqual(LocalDevelopmentToken.LoadOrCreate(_dataDirectory), LocalDevelopmentToken.LoadOrCreate(other));
    }

    [Fact]
    public void LoadOrCreate_ReplacesAFileThatIsNotAToken()
    {
        Directory.CreateDirectory(_dataDirectory);
        File.WriteAllText(Path.Combine(_dataDirectory, "twilio-dev-token.txt"), "half-writ");

        var token = LocalDevelopmentToken.LoadOrCreate(_dataDirectory);

        Assert.Matches("^[0-9a-f]{32}$", token);
        Assert.Equal(token, LocalDevelopmentToken.LoadOrCreate(_dataDirectory));
    }

    [Fact]
    public void LoadOrCreate_KeepsTheFileReadableOnlyByItsOwner()
    {
        LocalDevelopmentToken.LoadOrCreate(_dataDirectory);

        // Unix file modes only; on Windows the data directory's own ACL applies.
        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(
                UnixFileMode.UserRead | UnixFileMode.UserWrite,
                File.GetUnixFileMode(Path.Combine(_dataDirectory, "twilio-dev-token.txt")));
        }
    }
}
