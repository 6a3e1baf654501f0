using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using CoProduction.Store.Accounts;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;

namespace CoProduction.Store.Setup;

/// <summary>
/// Makes the right <see cref="StoreDbContext"/> for the configured provider. Hand-written rather
/// than AddDbContext because the Postgres context is a derived type with its own options type,
/// while every service asks for plain <see cref="StoreDbContext"/>; singletons (the Bot Framework
/// storage) use this factory directly. Contexts come from a pool: a turn otherwise spent a
/// noticeable share of its CPU setting up a fresh context's internal services (seen in a profile
/// of the turn benchmark); a returned context is reset by EF before it is handed out again.
/// <para>
/// On PostgreSQL the contexts' connections come from one <see cref="NpgsqlDataSource"/> made here
/// (<see cref="PostgresDataSource"/>), which the turn's own statements open too
/// (<see cref="TurnConnections"/>): one pool, and statements prepared by either stay prepared for both.
/// </para>
/// </summary>
public sealed partial class StoreDbContextFactory : IDbContextFactory<StoreDbContext>, IDisposable
{
    private readonly Lazy<Func<StoreDbContext>> _create;
    private NpgsqlDataSource? _dataSource;

    public StoreDbContextFactory(IOptions<StoreOptions> options, ILoggerFactory? loggerFactory = null)
        : this(options, [], loggerFactory)
    {
    }

    /// <param name="interceptors">
    /// EF interceptors registered in the container (none in the service itself: tests register
    /// one that makes the store fail on demand, to prove a failing store costs nobody their survey).
    /// </param>
    [Microsoft.Extensions.DependencyInjection.ActivatorUtilitiesConstructor]
    public StoreDbContextFactory(IOptions<StoreOptions> options, IEnumerable<IInterceptor> interceptors, ILoggerFactory? loggerFactory = null)
    {
        var all = interceptors.ToArray();
        // Lazy so that reading the options (and so their validation) happens on first use,
        // where the host reports it, not inside the DI container's constructor call.
        _create = new Lazy<Func<StoreDbContext>>(() => Build(options.Value, loggerFactory, all));
    }

    public StoreDbContext CreateDbContext() => _create.Value();

    /// <summary>The pool every PostgreSQL connection of the store comes from; null on SQLite.</summary>
    internal NpgsqlDataSource? PostgresDataSource
    {
        get
        {
            _ = _create.Value;
            return _dataSource;
        }
    }

    /// <summary>Closes the PostgreSQL pool's idle connections (the container disposes the factory with the host).</summary>
    public void Dispose()
    {
        if (_create.IsValueCreated) _dataSource?.Dispose();
    }

    private Func<StoreDbContext> Build(StoreOptions options, ILoggerFactory? loggerFactory, IInterceptor[] interceptors)
    {
        switch (options.ProviderKind)
        {
            case StoreProvider.Sqlite:
            {
                var builder = new DbContextOptionsBuilder<StoreDbContext>()
                    .UseSqlite(PrepareSqlite(options.ResolvedConnectionString))
                    .AddInterceptors(new SqliteDurability(), StoredValueGuard.Instance);
                if (loggerFactory is not null) builder.UseLoggerFactory(loggerFactory);
                if (interceptors.Length > 0) builder.AddInterceptors(interceptors);
                IdentitySchema.Use(builder);
                var pool = new PooledDbContextFactory<StoreDbContext>(builder.Options);
                return pool.CreateDbContext;
            }
            case StoreProvider.Postgres:
            {
                _dataSource = new NpgsqlDataSourceBuilder(PreparePostgres(options.ResolvedConnectionString)).Build();
                var builder = new DbContextOptionsBuilder<PostgresStoreDbContext>()
                    .UseNpgsql(_dataSource)
                    .AddInterceptors(StoredValueGuard.Instance);
                if (loggerFactory is not null) builder.UseLoggerFactory(loggerFactory);
                if (interceptors.Length > 0) builder.AddInterceptors(interceptors);
                IdentitySchema.Use(builder);
                var pool = new PooledDbContextFactory<PostgresStoreDbContext>(builder.Options);
                return pool.CreateDbContext;
            }
            default:
                throw new InvalidOperationException(StoreOptions.ProviderError);
        }
    }

    /// <summary>
    /// Lets Npgsql prepare the statements a connection runs often (a turn's, above all) and keep
    /// them on the server connection across pooled opens: each is then parsed and planned once per
    /// connection, not on every execution. A connection string that sets its own value keeps it.
    /// </summary>
    internal static string PreparePostgres(string connectionString)
    {
        var csb = new Npgsql.NpgsqlConnectionStringBuilder(connectionString);
        if (!connectionString.Contains("Auto Prepare", StringComparison.OrdinalIgnoreCase)
            && !connectionString.Contains("AutoPrepare", StringComparison.OrdinalIgnoreCase))
        {
            csb.MaxAutoPrepare = MaxAutoPrepare;
        }
        // A pooled connection is not reset when it is closed: the store sets no session state, and
        // the reset was one more statement for the server before each turn's first query (two
        // opens a turn, the load's and the save's). A connection string that sets it keeps it.
        if (!connectionString.Contains("Reset On Close", StringComparison.OrdinalIgnoreCase)
            && !connectionString.Contains("NoResetOnClose", StringComparison.OrdinalIgnoreCase))
        {
            csb.NoResetOnClose = true;
        }
        // A turn holds a connection only for its two round trips, but a turn that finds every
        // connection taken waits for one to be handed back, and on a node with one or two cores that
        // hand-over waits behind the node's other work while the connection sits idle: with 8
        // connections at 32 phones a turn spent about twice as long in the service, and woke twice
        // as often, as with 32 (docs/performance-rounds.md, "PostgreSQL, eleventh round"). So at least 32, four a core
        // above 8 cores. A connection string that sets its own maximum keeps it.
        if (!MaxPoolSizeSet().IsMatch(connectionString))
        {
            csb.MaxPoolSize = MaxPoolSize;
        }
        return csb.ToString();
    }

    [System.Text.RegularExpressions.GeneratedRegex(@"max(imum)?\s*pool\s*size", System.Text.RegularExpressions.RegexOptions.IgnoreCase)]
    private static partial System.Text.RegularExpressions.Regex MaxPoolSizeSet();

    /// <summary>PostgreSQL connections a node opens at most unless its connection string says: four
    /// a core the process may use, and never fewer than 32, so that the turns a small node runs at once
    /// (32 phones texting at once, and the staff pages and jobs beside them) do not queue for a connection.</summary>
    public static int MaxPoolSize => Math.Max(32, 4 * Environment.ProcessorCount);

    /// <summary>Statements kept prepared per PostgreSQL connection (the turn makes about ten; the staff pages more).</summary>
    public const int MaxAutoPrepare = 64;

    /// <summary>
    /// Creates the database folder, and gives SQLite a long busy wait: two webhooks writing at
    /// once then queue behind each other instead of one failing with "database is locked".
    /// </summary>
    internal static string PrepareSqlite(string connectionString)
    {
        // Every store connection's string comes here before the connection opens.
        SqliteMemoryStatistics.TurnOff();
        var csb = new SqliteConnectionStringBuilder(connectionString);
        if (!connectionString.Contains("timeout", StringComparison.OrdinalIgnoreCase))
        {
            csb.DefaultTimeout = 30;
        }
        var file = csb.DataSource;
        if (csb.Mode != SqliteOpenMode.Memory && !string.IsNullOrEmpty(file) && file != ":memory:")
        {
            var folder = Path.GetDirectoryName(Path.GetFullPath(file));
            if (!string.IsNullOrEmpty(folder)) Directory.CreateDirectory(folder);
        }
        return csb.ToString();
    }
}
