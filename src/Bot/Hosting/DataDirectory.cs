namespace CoProduction.Bot.Hosting;

/// <summary>
/// Where the service keeps its local files: the SQLite store, the local development Twilio
/// token and the generated staff key. `Data:Directory` in configuration; else, when the service
/// runs from a checkout (`dotnet run --project src/Bot` starts it in src/Bot), `data/` at the
/// repository root, where the README and the phone simulator look; else `data/` under the
/// content root.
/// </summary>
public sealed class DataDirectory(string path)
{
    public string Path { get; } = path;

    public static DataDirectory From(IConfiguration configuration, IHostEnvironment environment)
    {
        var configured = configuration["Data:Directory"];
        var path = string.IsNullOrWhiteSpace(configured)
            ? System.IO.Path.Combine(RepositoryRoot(environment.ContentRootPath) ?? environment.ContentRootPath, "data")
            : System.IO.Path.GetFullPath(configured, environment.ContentRootPath);
        Directory.CreateDirectory(path);
        return new DataDirectory(path);
    }

    private static string? RepositoryRoot(string start)
    {
        for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(System.IO.Path.Combine(dir.FullName, "CoProduction.sln"))) return dir.FullName;
        }
        return null;
    }

    /// <summary>Reads a secret kept in this folder, creating it once with <paramref name="create"/>.</summary>
    public string LoadOrCreateSecret(string fileName, Func<string> create)
    {
        var file = System.IO.Path.Combine(Path, fileName);
        if (File.Exists(file))
        {
            var existing = File.ReadAllText(file).Trim();
            if (existing.Length > 0) return existing;
        }
        var secret = create();
        // Write then move, so a crash never leaves a half-written secret that later fails every check.
        var temp = file + ".tmp";
        File.WriteAllText(temp, secret);
        File.Move(temp, file, overwrite: true);
        return secret;
    }
}
