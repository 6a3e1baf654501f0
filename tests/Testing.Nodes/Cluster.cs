using Npgsql;
using CoProduction.Testing.Postgres;

namespace CoProduction.Testing.Nodes;

/// <summary>
/// Two nodes of the service on one PostgreSQL database, configured as a deployment would be:
/// the same secrets on each (Twilio token, staff key, Direct Line secret), sending to the
/// outbox, no quiet hours. The first node makes the schema before the second starts.
/// </summary>
public sealed class Cluster : IAsyncDisposable
{
    public const string AuthToken = "nodes0123456789abcdef0123456789ab";
    public const string StaffKey = "nodes-tests-staff-key-0123456789";
    public const string DirectLineSecret = "nodes-tests-direct-line-secret-0123456789";
    public const string OurNumber = "+447700900000";

    private readonly string _folder;
    private readonly CoProduction.Testing.TestDatabase _database;

    private Cluster(string folder, CoProduction.Testing.TestDatabase database, Node a, Node b)
    {
        _folder = folder;
        _database = database;
        A = a;
        B = b;
    }

    public Node A { get; }

    public Node B { get; }

    public string ConnectionString => _database.ConnectionString;

    /// <summary>Unpooled: a connection kept from before the database was stopped would be dead.</summary>
    private string AuditConnectionString => new NpgsqlConnectionStringBuilder(ConnectionString) { Pooling = false }.ConnectionString;

    /// <summary>
    /// One node's settings: its data in <paramref name="folder"/> (the embedded store, SQLite with Hangfire's file beside
    /// it, unless <paramref name="extra"/> names another), the cluster's secrets, sending to the outbox, warnings only in
    /// its log; <paramref name="extra"/> adds or replaces settings.
    /// </summary>
    public static Dictionary<string, string> NodeSettings(string folder, IReadOnlyDictionary<string, string>? extra = null)
    {
        var settings = new Dictionary<string, string>
        {
            ["Data:Directory"] = folder,
            ["Twilio:AuthToken"] = AuthToken,
            ["Twilio:PhoneNumber"] = OurNumber,
            ["Twilio:SendMode"] = "Outbox",
            ["Staff:ApiKey"] = StaffKey,
            ["DirectLine:Secret"] = DirectLineSecret,
            ["Logging:LogLevel:Default"] = "Warning",
        };
        foreach (var (key, value) in extra ?? new Dictionary<string, string>()) settings[key] = value;
        return settings;
    }

    public static async Task<Cluster> StartAsync(PostgresServer server, IReadOnlyDictionary<string, string>? extra = null, bool secondNode = true)
    {
        var folder = Path.Combine(Path.GetTempPath(), "coproduction-nodes-" + Guid.NewGuid().ToString("N")[..12]);
        Directory.CreateDirectory(folder);
        var database = await server.CreateDatabaseAsync(folder);
        Node Make(string name)
        {
            var settings = NodeSettings(Path.Combine(folder, name), new Dictionary<string, string>
            {
                ["Store:Provider"] = "Postgres",
                ["ConnectionStrings:Store"] = database.ConnectionString,
                ["Scheduling:QuietHoursStart"] = "00:00",
                ["Scheduling:QuietHoursEnd"] = "00:00",
                ["Scheduling:MessagesPerSecond"] = "50",
            });
            foreach (var (key, value) in extra ?? new Dictionary<string, string>()) settings[key] = value;
            return new Node(name, settings);
        }

        var cluster = new Cluster(folder, database, Make("a"), Make("b"));
        await cluster.A.StartAsync();
        // A test that needs one node's own view (its circuit breaker, say) leaves B stopped.
        if (secondNode) await cluster.B.StartAsync();
        return cluster;
    }

    /// <summary>One value straight from the database, as an auditor would look.</summary>
    public async Task<long> CountAsync(string sql)
    {
        await using var connection = new NpgsqlConnection(AuditConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        return Convert.ToInt64(await command.ExecuteScalarAsync());
    }

    public async Task<HashSet<string>> StringsAsync(string sql)
    {
        await using var connection = new NpgsqlConnection(AuditConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await using var reader = await command.ExecuteReaderAsync();
        var values = new HashSet<string>(StringComparer.Ordinal);
        while (await reader.ReadAsync()) values.Add(reader.GetString(0));
        return values;
    }

    /// <summary>Every node's output, for a failure message.</summary>
    public string Logs => $"--- node a ---\n{A.Output}\n--- node b ---\n{B.Output}";

    public async ValueTask DisposeAsync()
    {
        await A.DisposeAsync();
        await B.DisposeAsync();
        NpgsqlConnection.ClearAllPools();
        await _database.DisposeAsync();
        try { Directory.Delete(_folder, recursive: true); } catch (IOException) { }
    }
}
