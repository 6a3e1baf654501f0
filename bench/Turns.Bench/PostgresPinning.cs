using System.Diagnostics;
using System.Globalization;
using Npgsql;

/// <summary>
/// The throwaway PostgreSQL server's place on the machine. It runs beside the service, so its CPU
/// (about as much a turn as the service's own) would otherwise land wherever the scheduler puts it,
/// the service's core included. It is pinned to the load's core, as the service is to its own: the
/// service's core then does the service's work only, as with a database on another machine, and the
/// server's CPU is read from /proc and printed beside the service's.
/// </summary>
internal static class PostgresPinning
{
    /// <summary>Pins the server (the postmaster, so every backend it starts later, and those it has) to <paramref name="core"/>; its postmaster's id, or null where that cannot be done.</summary>
    public static async Task<int?> PinAsync(string connectionString, int core)
    {
        if (!OperatingSystem.IsLinux() || Environment.ProcessorCount < 2 || !File.Exists("/usr/bin/taskset")) return null;
        await using var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(connectionString) { Pooling = false }.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT pg_backend_pid()", connection);
        var backend = (int)(await command.ExecuteScalarAsync())!;
        var postmaster = ParentOf(backend);
        if (postmaster is null) return null;
        foreach (var pid in Children(postmaster.Value).Prepend(postmaster.Value))
        {
            var info = new ProcessStartInfo("/usr/bin/taskset") { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
            foreach (var arg in new[] { "-a", "-p", "-c", core.ToString(CultureInfo.InvariantCulture), pid.ToString(CultureInfo.InvariantCulture) }) info.ArgumentList.Add(arg);
            using var taskset = Process.Start(info)!;
            await taskset.StandardOutput.ReadToEndAsync();
            await taskset.WaitForExitAsync();
        }
        return postmaster;
    }

    /// <summary>The CPU the server has used so far: the postmaster, the backends alive now, and those that ended (counted into the postmaster's children's time).</summary>
    public static TimeSpan CpuTime(int postmaster)
    {
        // A backend that ended between the listing and the read reads 0: its time is in the postmaster's children's now.
        var ticks = CoProduction.Bench.MachineCpu.ProcessTicks(postmaster, withEnded: true);
        foreach (var child in Children(postmaster)) ticks += CoProduction.Bench.MachineCpu.ProcessTicks(child, withEnded: true);
        return CoProduction.Bench.MachineCpu.FromTicks(ticks);
    }

    private static int? ParentOf(int pid)
    {
        foreach (var line in File.ReadLines($"/proc/{pid}/status"))
        {
            if (line.StartsWith("PPid:", StringComparison.Ordinal)) return int.Parse(line[5..].Trim(), CultureInfo.InvariantCulture);
        }
        return null;
    }

    private static IEnumerable<int> Children(int parent)
    {
        foreach (var folder in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(folder), out var pid)) continue;
            int? ppid;
            try { ppid = ParentOf(pid); } catch (IOException) { continue; } catch (UnauthorizedAccessException) { continue; }
            if (ppid == parent) yield return pid;
        }
    }
}
