namespace CoProduction.Store.Tests.Postgres;

/// <summary>How the test server fixture finds PostgreSQL, without starting one.</summary>
public sealed class PostgresServerTests : IDisposable
{
    private readonly string _root = Path.Combine(Path.GetTempPath(), "fake-postgresql-" + Guid.NewGuid().ToString("N"));

    [Fact]
    public void FindBinaries_FailsWithHowToInstall_WhenThereAreNone()
    {
        Directory.CreateDirectory(Path.Combine(_root, "15", "lib"));

        var error = Assert.Throws<InvalidOperationException>(() => PostgresServer.FindBinaries(_root));

        Assert.Contains("apt-get install -y postgresql", error.Message);
        Assert.Contains(PostgresServer.OverrideVariable, error.Message);
    }

    [Fact]
    public void FindBinaries_TakesTheNewestVersionWithInitdbAndPgCtl()
    {
        foreach (var (version, tools) in new[] { ("9.6", new[] { "initdb", "pg_ctl" }), ("15", new[] { "initdb", "pg_ctl" }), ("16", new[] { "pg_ctl" }) })
        {
            var bin = Directory.CreateDirectory(Path.Combine(_root, version, "bin")).FullName;
            foreach (var tool in tools) File.WriteAllText(Path.Combine(bin, tool), "");
        }

        Assert.Equal(Path.Combine(_root, "15", "bin"), PostgresServer.FindBinaries(_root));
    }

    public void Dispose()
    {
        try { Directory.Delete(_root, recursive: true); } catch (DirectoryNotFoundException) { }
    }
}
