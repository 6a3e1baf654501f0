using Microsoft.EntityFrameworkCore;

namespace CoProduction.Store;

/// <summary>
/// The same model on PostgreSQL (for several nodes). A separate type only so that EF keeps a
/// separate migrations history (Migrations/Postgres); services still ask for <see cref="StoreDbContext"/>.
/// </summary>
public sealed class PostgresStoreDbContext(DbContextOptions<PostgresStoreDbContext> options) : StoreDbContext(options);
