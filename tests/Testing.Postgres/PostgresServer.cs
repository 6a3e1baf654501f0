using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Runtime.InteropServices;
using Npgsql;
using Xunit;
using Xunit.Abstractions;
using Xunit.Sdk;

namespace CoProduction.Testing.Postgres;

/// <summary>
/// A throwaway PostgreSQL server for one test run: initdb into a temp folder, started on
/// 127.0.0.1 on a free port (trust auth on that address only, the unix socket inside the temp
/// folder), stopped with <c>pg_ctl stop -m immediate</c> at the end and the folder deleted.
/// Runs as the <c>postgres</c> OS user when the tests run as root (initdb refuses root).
/// <para>
/// When <c>COPRODUCTION_TEST_POSTGRES</c> holds a connection string, that server is used
/// instead (the user needs CREATEDB); nothing is started.
/// </para>
/// <para>
/// Missing server binaries fail every PostgreSQL test with a message saying how to install
/// them: the tests are never skipped.
/// </para>
/// <para>
/// Shared by the test projects (Store.Tests, Scheduling.Tests). xUnit only finds collection
/// definitions in the test assembly itself, so each test project declares one server for its run:
/// <code>
/// [CollectionDefinition(PostgresServer.Collection)]
/// public sealed class PostgresCollection : ICollectionFixture&lt;PostgresServer&gt;;
/// </code>
/// and its PostgreSQL test classes are <c>[Collection(PostgresServer.Collection)]</c>.
/// </para>
/// </summary>
public sealed class PostgresServer(IMessageSink messages) : IStoreBackend, IAsyncLifetime
{
    /// <summary>The name of the xUnit collection whose tests share the server.</summary>
    public const string Collection = "PostgreSQL";

    public const string OverrideVariable = "COPRODUCTION_TEST_POSTGRES";
    private const string ServerUser = "postgres";
    private static readonly TimeSpan CommandTimeout = TimeSpan.FromSeconds(90);

    private string? _folder;
    private string? _binaries;
    private bool _asServerUser;
    private bool _running;
    private string _admin = "";

    public string Provider => "Postgres";
    public bool ConcurrentWriters => true;

    /// <summary>Where the server came from, for messages: "local PostgreSQL 15 on port N" or the override.</summary>
    public string Description { get; private set; } = "";

    public async Task InitializeAsync()
    {
        var started = Stopwatch.StartNew();
        var external = Environment.GetEnvironmentVariable(OverrideVariable);
        if (!string.IsNullOrWhiteSpace(external))
        {
            _admin = new NpgsqlConnectionStringBuilder(external) { Pooling = false }.ConnectionString;
            Description = $"the server in {OverrideVariable}";
        }
        else
        {
            await StartAsync();
        }

        await using var connection = new NpgsqlConnection(_admin);
        await connection.OpenAsync();
        Description += $" (server version {connection.ServerVersion})";
        messages.OnMessage(new DiagnosticMessage($"PostgreSQL test server ready in {started.ElapsedMilliseconds} ms: {Description}"));
    }

    public async Task<TestDatabase> CreateDatabaseAsync(string folder)
    {
        var name = "coproduction_test_" + Guid.NewGuid().ToString("N");
        await ExecuteAsync($"CREATE DATABASE \"{name}\"");
        var connectionString = new NpgsqlConnectionStringBuilder(_admin)
        {
            Database = name,
            Pooling = true,
            IncludeErrorDetail = true,
        }.ConnectionString;

        return new TestDatabase(connectionString, async () =>
        {
            // Pooled connections to the database would keep it from being dropped.
            await using (var pooled = new NpgsqlConnection(connectionString)) NpgsqlConnection.ClearPool(pooled);
            await ExecuteAsync($"DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)");
        });
    }

    /// <summary>
    /// One database for a whole test class, emptied before each test: creating a database and
    /// applying the migrations costs far more than emptying its tables. Tests in a class run one
    /// after another, so emptying it cannot pull rows out from under another test.
    /// </summary>
    public IStoreBackend DatabaseFor<TTestClass>() => _classDatabases.GetOrAdd(typeof(TTestClass), _ => new ClassDatabase(this));

    private readonly System.Collections.Concurrent.ConcurrentDictionary<Type, ClassDatabase> _classDatabases = new();

    public async Task DisposeAsync()
    {
        NpgsqlConnection.ClearAllPools();
        if (!_running)
        {
            // Someone else's server (the override): leave no databases behind on it.
            foreach (var database in _classDatabases.Values) await database.DropAsync();
        }
        await StopAsync();
    }

    /// <summary>
    /// Stops the server, keeping its data (fault tests: the service under test must refuse and
    /// then recover by itself). Fast mode: every client is cut off at once and open transactions
    /// are rolled back, but what was committed is kept. Not "immediate": this throwaway server
    /// runs with synchronous_commit off, so a crash would lose commits a real server keeps.
    /// <see cref="StartServerAsync"/> brings it back on the same port.
    /// </summary>
    public async Task StopServerAsync()
    {
        if (!_running || _folder is null) throw new InvalidOperationException($"Only a server these tests started can be stopped, not {Description}.");
        await RunServerToolAsync("pg_ctl", ["-D", Path.Combine(_folder, "data"), "-w", "-t", "30", "stop", "-m", "fast"]);
    }

    /// <summary>Starts again a server stopped with <see cref="StopServerAsync"/>.</summary>
    public async Task StartServerAsync()
    {
        if (!_running || _folder is null) throw new InvalidOperationException($"Only a server these tests started can be started again, not {Description}.");
        await RunServerToolAsync("pg_ctl", ["-D", Path.Combine(_folder, "data"), "-l", Path.Combine(_folder, "server.log"), "-w", "-t", "60", "start"]);
    }

    private sealed class ClassDatabase(PostgresServer server) : IStoreBackend
    {
        private TestDatabase? _database;

        public string Provider => server.Provider;
        public bool ConcurrentWriters => server.ConcurrentWriters;

        public async Task<TestDatabase> CreateDatabaseAsync(string folder)
        {
            if (_database is null)
            {
                _database = await server.CreateDatabaseAsync(folder);
            }
            else
            {
                await EmptyAsync(_database.ConnectionString);
            }
            var connectionString = _database.ConnectionString;
            return new TestDatabase(connectionString, () =>
            {
                // The next test empties the tables: no connection of this one may hold a lock then.
                using var pooled = new NpgsqlConnection(connectionString);
                NpgsqlConnection.ClearPool(pooled);
                return ValueTask.CompletedTask;
            });
        }

        public async Task DropAsync()
        {
            if (_database is not null) await _database.DisposeAsync();
        }

        /// <summary>
        /// Every table but the migrations history and the roles (which the migrations seed),
        /// identities restarted: as good as new.
        /// </summary>
        private static async Task EmptyAsync(string connectionString)
        {
            var once = new NpgsqlConnectionStringBuilder(connectionString) { Pooling = false }.ConnectionString;
            await using var connection = new NpgsqlConnection(once);
            await connection.OpenAsync();
            await using var command = new NpgsqlCommand(
                """
                DO $$
                DECLARE tables text;
                BEGIN
                  SELECT string_agg(format('%I.%I', schemaname, tablename), ', ') INTO tables
                  FROM pg_tables WHERE schemaname = 'public' AND tablename NOT LIKE '\_\_EF%'
                    AND tablename <> 'AspNetRoles';
                  IF tables IS NOT NULL THEN EXECUTE 'TRUNCATE ' || tables || ' RESTART IDENTITY CASCADE'; END IF;
                END $$;
                """, connection);
            await command.ExecuteNonQueryAsync();
        }
    }

    private async Task ExecuteAsync(string sql)
    {
        await using var connection = new NpgsqlConnection(_admin);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }

    private async Task StartAsync()
    {
        _binaries = FindBinaries();
        _asServerUser = geteuid() == 0;
        if (_asServerUser && (await RunAsync("id", ["-u", ServerUser], check: false)).ExitCode != 0)
        {
            throw new InvalidOperationException(
                $"The PostgreSQL tests run as root, and initdb refuses root: they run the server as the '{ServerUser}' OS user, " +
                "which does not exist here. Install the server package, which creates it: apt-get install -y postgresql");
        }

        // Short: the unix socket path must stay under about 100 characters.
        _folder = Path.Combine("/tmp", "coproduction-pg-" + Guid.NewGuid().ToString("N")[..12]);
        var data = Path.Combine(_folder, "data");
        var sockets = Path.Combine(_folder, "sockets");
        Directory.CreateDirectory(sockets);
        AppDomain.CurrentDomain.ProcessExit += StopOnExit;
        if (_asServerUser) await RunAsync("chown", ["-R", $"{ServerUser}:", _folder]);

        await RunServerToolAsync("initdb", ["-D", data, "-U", "postgres", "-E", "UTF8", "--no-locale", "--auth=trust", "--no-instructions", "--no-sync"]);

        // Trust, but only on the loopback address: no unix-socket or other-host logins at all.
        await File.WriteAllTextAsync(Path.Combine(data, "pg_hba.conf"),
            "# Throwaway test server (CoProduction tests): trust on 127.0.0.1 only.\n" +
            "host all all 127.0.0.1/32 trust\n");

        // A port can be taken between finding it free and the server binding it: try a few.
        for (var attempt = 1; ; attempt++)
        {
            var port = FreePort();
            // Later lines win in postgresql.conf. Durability is not wanted for a throwaway server.
            await File.AppendAllTextAsync(Path.Combine(data, "postgresql.conf"),
                $"""

                 # CoProduction tests
                 listen_addresses = '127.0.0.1'
                 port = {port}
                 unix_socket_directories = '{sockets}'
                 max_connections = 200
                 fsync = off
                 synchronous_commit = off
                 full_page_writes = off

                 """);
            var start = await RunServerToolAsync("pg_ctl",
                ["-D", data, "-l", Path.Combine(_folder, "server.log"), "-w", "-t", "60", "start"], check: attempt >= 3);
            if (start.ExitCode != 0) continue;

            _running = true;
            _admin = new NpgsqlConnectionStringBuilder
            {
                Host = "127.0.0.1",
                Port = port,
                Username = "postgres",
                Database = "postgres",
                Pooling = false,
            }.ConnectionString;
            Description = $"a throwaway server from {_binaries} on 127.0.0.1:{port}, data in {data}";
            return;
        }
    }

    private async Task StopAsync()
    {
        AppDomain.CurrentDomain.ProcessExit -= StopOnExit;
        if (_folder is null) return;
        if (_running)
        {
            await RunServerToolAsync("pg_ctl", ["-D", Path.Combine(_folder, "data"), "-w", "-t", "30", "stop", "-m", "immediate"], check: false);
            _running = false;
        }
        try { Directory.Delete(_folder, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
        _folder = null;
    }

    /// <summary>A test host that is killed or exits without disposing fixtures must not leave a server running.</summary>
    private void StopOnExit(object? sender, EventArgs e) => StopAsync().GetAwaiter().GetResult();

    /// <summary>The newest /usr/lib/postgresql/&lt;version&gt;/bin with initdb and pg_ctl.</summary>
    public static string FindBinaries(string root = "/usr/lib/postgresql")
    {
        var found = Directory.Exists(root)
            ? Directory.GetDirectories(root)
                .Select(d => (Dir: Path.Combine(d, "bin"), Version: decimal.TryParse(Path.GetFileName(d), System.Globalization.CultureInfo.InvariantCulture, out var v) ? v : -1))
                .Where(b => File.Exists(Path.Combine(b.Dir, "initdb")) && File.Exists(Path.Combine(b.Dir, "pg_ctl")))
                .OrderByDescending(b => b.Version)
                .Select(b => b.Dir)
                .FirstOrDefault()
            : null;
        return found ?? throw new InvalidOperationException(
            "The store's and the scheduling jobs' tests also run on PostgreSQL, and the PostgreSQL server binaries were not found " +
            $"(looked for {root}/<version>/bin/initdb and pg_ctl). Install them with: apt-get install -y postgresql " +
            $"(./test.sh does this), or set {OverrideVariable} to the connection string of a server to use instead.");
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private Task<(int ExitCode, string Output)> RunServerToolAsync(string tool, string[] args, bool check = true)
    {
        var path = Path.Combine(_binaries!, tool);
        return _asServerUser
            ? RunAsync("runuser", ["-u", ServerUser, "--", path, .. args], check)
            : RunAsync(path, args, check);
    }

    private async Task<(int ExitCode, string Output)> RunAsync(string file, string[] args, bool check = true)
    {
        var info = new ProcessStartInfo(file)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            // The server user cannot read root's home or the repository's folders necessarily.
            WorkingDirectory = _folder is not null && Directory.Exists(_folder) ? _folder : "/",
        };
        foreach (var arg in args) info.ArgumentList.Add(arg);
        info.Environment["LC_ALL"] = "C";

        using var process = Process.Start(info) ?? throw new InvalidOperationException($"Could not start {file}.");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(CommandTimeout);
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new InvalidOperationException($"{file} {string.Join(' ', args)} did not finish within {CommandTimeout.TotalSeconds} s.");
        }
        var output = (await stdout + await stderr).Trim();
        if (check && process.ExitCode != 0)
        {
            var log = _folder is not null && File.Exists(Path.Combine(_folder, "server.log"))
                ? "\nServer log:\n" + await File.ReadAllTextAsync(Path.Combine(_folder, "server.log"))
                : "";
            throw new InvalidOperationException(
                $"Starting the test PostgreSQL server failed: {file} {string.Join(' ', args)} exited with {process.ExitCode}:\n{output}{log}");
        }
        return (process.ExitCode, output);
    }

    [DllImport("libc", SetLastError = false)]
    private static extern uint geteuid();
}
