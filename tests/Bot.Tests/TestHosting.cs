// Each test class starts whole services in this one test process, and Hangfire keeps its job
// storage and job activator in process-wide statics (JobStorage.Current, GlobalConfiguration):
// a host starting or stopping in a parallel class could hand another host's request a disposed
// storage (seen as a rare 500 from POST /api/rounds). A real node is one host per process, so the
// classes here run one after another rather than the tests working around the statics.
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
