using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace CoProduction.Store.Setup;

// Used only by `dotnet ef migrations add`: the store is a class library with no host to ask,
// so the tools get each provider's context from here. The connection strings are never opened.

public sealed class SqliteDesignTimeFactory : IDesignTimeDbContextFactory<StoreDbContext>
{
    public StoreDbContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<StoreDbContext>().UseSqlite("Data Source=design-time.db").Options);
}

public sealed class PostgresDesignTimeFactory : IDesignTimeDbContextFactory<PostgresStoreDbContext>
{
    public PostgresStoreDbContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<PostgresStoreDbContext>().UseNpgsql("Host=localhost;Database=coproduction").Options);
}
