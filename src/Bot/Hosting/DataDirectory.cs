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
}
