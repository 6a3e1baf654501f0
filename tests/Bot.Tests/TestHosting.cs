// Each test class starts whole services in this one test process. Each host now has its own
// Hangfire job storage and job activator (SchedulingHost), but Hangfire still keeps its log
// provider and serializer settings in process-wide statics, and the classes have not been
// measured green side by side; so they run one after another, as a real node is one host per process.
[assembly: Xunit.CollectionBehavior(DisableTestParallelization = true)]

namespace CoProduction.Bot.Tests
{
    using System.Runtime.CompilerServices;

    internal static class TestHostingSettings
    {
        /// <summary>
        /// Hundreds of hosts start in this one process, and each would watch its appsettings files
        /// through inotify; Linux allows 128 inotify instances per user, and a full run used them all
        /// (IOException from FileSystemWatcher in every later host). No test edits a settings file
        /// while a host runs, so hosts here read their settings once, and any other file watching
        /// polls instead of holding an inotify instance.
        /// </summary>
        [ModuleInitializer]
        internal static void ReadSettingsOnce()
        {
            Environment.SetEnvironmentVariable("DOTNET_hostBuilder__reloadConfigOnChange", "false");
            Environment.SetEnvironmentVariable("DOTNET_USE_POLLING_FILE_WATCHER", "true");
        }
    }
}
