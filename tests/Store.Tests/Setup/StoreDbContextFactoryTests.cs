using CoProduction.Store.Setup;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Npgsql;

namespace CoProduction.Store.Tests.Setup;

/// <summary>The PostgreSQL settings the factory adds to a connection string that does not set them, and the one pool it makes.</summary>
public sealed class StoreDbContextFactoryTests
{
    private const string Server = "Host=127.0.0.1;Port=5432;Username=coproduction;Database=coproduction";

    [Fact]
    public void APostgresConnectionString_GetsAutoPrepare_NoResetOnClose_AndAPoolMaximum_WhenItSetsNone()
    {
        var prepared = new NpgsqlConnectionStringBuilder(StoreDbContextFactory.PreparePostgres(Server));

        Assert.Equal((StoreDbContextFactory.MaxAutoPrepare, true, StoreDbContextFactory.MaxPoolSize), (prepared.MaxAutoPrepare, prepared.NoResetOnClose, prepared.MaxPoolSize));
    }

    [Theory]
    [InlineData("Maximum Pool Size=50", 50)]
    [InlineData("maximum pool size=3", 3)]
    [InlineData("MaxPoolSize=120", 120)]
    public void APostgresConnectionString_KeepsItsOwnPoolMaximum(string setting, int expected)
    {
        var prepared = new NpgsqlConnectionStringBuilder(StoreDbContextFactory.PreparePostgres(Server + ";" + setting));

        Assert.Equal(expected, prepared.MaxPoolSize);
    }

    [Fact]
    public void OnPostgres_EveryConnectionComesFromOneDataSource_MadeFromThePreparedConnectionString()
    {
        using var factory = new StoreDbContextFactory(Options.Create(new StoreOptions { Provider = "Postgres", ConnectionString = Server }));

        var source = factory.PostgresDataSource;

        Assert.NotNull(source);
        Assert.Same(source, factory.PostgresDataSource);
        Assert.Equal(StoreDbContextFactory.MaxPoolSize, new NpgsqlConnectionStringBuilder(source.ConnectionString).MaxPoolSize);
        using var db = factory.CreateDbContext();
        Assert.Equal(StoreDbContextFactory.MaxPoolSize, new NpgsqlConnectionStringBuilder(db.Database.GetConnectionString()).MaxPoolSize);
    }

    [Fact]
    public void OnSqlite_ThereIsNoPostgresDataSource()
    {
        var folder = Path.Combine(Path.GetTempPath(), "factory-" + Guid.NewGuid().ToString("N"));
        try
        {
            using var factory = new StoreDbContextFactory(Options.Create(new StoreOptions { DataDirectory = folder }));

            Assert.Null(factory.PostgresDataSource);
        }
        finally
        {
            if (Directory.Exists(folder)) Directory.Delete(folder, recursive: true);
        }
    }
}
