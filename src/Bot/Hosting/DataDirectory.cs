namespace CoProduction.Bot.Hosting;

/// <summary>
/// Where the service keeps its local files: the SQLite store, the local development Twilio
/// token and the generated staff key. `Data:Directory` in configuration, else `data/` under
/// the content root (the folder the service was started from).
/// </summary>
public sealed class DataDirectory(string path)
{
    public string Path { get; } = path;

    public static DataDirectory From(IConfiguration configuration, IHostEnvironment environment)
    {
        var configured = configuration["Data:Directory"];
        var path = string.IsNullOrWhiteSpace(configured)
            ? System.IO.Path.Combine(environment.ContentRootPath, "data")
            : System.IO.Path.GetFullPath(configured, environment.ContentRootPath);
        Directory.CreateDirectory(path);
        return new DataDirectory(path);
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
