namespace CoProduction.Testing.Nodes;

/// <summary>Where the build put the service: src/Bot/bin/&lt;configuration&gt;/&lt;framework&gt;/CoProduction.Bot.dll, matching this test assembly's own.</summary>
public static class BuiltService
{
    public static readonly string Path = Find();

    /// <summary>
    /// The service's static files (the chat page's scripts and the Web Chat bundle): the project's
    /// own wwwroot, which a publish would copy beside the service but a build leaves where it is.
    /// </summary>
    public static string WebRoot => System.IO.Path.Combine(System.IO.Path.GetDirectoryName(Path)!, "..", "..", "..", "wwwroot");

    private static string Find()
    {
        // The test assembly sits in tests/<project>/bin/<configuration>/<framework>/, built like the service.
        var here = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(System.IO.Path.DirectorySeparatorChar));
        var framework = here.Name;
        var configuration = here.Parent!.Name;
        var root = here;
        while (root is not null && !File.Exists(System.IO.Path.Combine(root.FullName, "CoProduction.sln"))) root = root.Parent;
        if (root is null) throw new InvalidOperationException("The tests look for CoProduction.sln above " + AppContext.BaseDirectory);

        var dll = System.IO.Path.Combine(root.FullName, "src", "Bot", "bin", configuration, framework, "CoProduction.Bot.dll");
        return File.Exists(dll) ? dll : throw new InvalidOperationException($"The service is not built at {dll}: build the solution first.");
    }
}
