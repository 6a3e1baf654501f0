using System.Security.Cryptography;

namespace CoProduction.Channels.DirectLine;

/// <summary>
/// The Direct Line secret used when DirectLine:Secret is not configured. Tokens are always
/// signed, so a local run still needs a secret: we make one once and keep it under the data
/// directory, so tokens stay valid across restarts (a chat page left open keeps working).
/// </summary>
public static class LocalDirectLineSecret
{
    public const string FileName = "directline-dev-secret.txt";

    public static string LoadOrCreate(string dataDirectory)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(dataDirectory);
        Directory.CreateDirectory(dataDirectory);
        var path = Path.Combine(dataDirectory, FileName);

        var existing = TryRead(path);
        if (existing is not null)
        {
            return existing;
        }

        var secret = RandomNumberGenerator.GetHexString(32, lowercase: true);
        try
        {
            // CreateNew, so two processes starting together cannot each write a different secret.
            using var stream = new FileStream(path, File.Exists(path) ? FileMode.Truncate : FileMode.CreateNew, FileAccess.Write, FileShare.None);
            using var writer = new StreamWriter(stream);
            writer.Write(secret);
        }
        catch (IOException) when (TryRead(path) is { } raced)
        {
            return raced;
        }

        if (!OperatingSystem.IsWindows())
        {
            // It is a secret: only the service's own user may read it.
            File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }

        return secret;
    }

    private static string? TryRead(string path)
    {
        if (!File.Exists(path))
        {
            return null;
        }

        var text = File.ReadAllText(path).Trim();
        // A half-written or hand-edited file is replaced rather than trusted.
        return text.Length == 32 && text.All(Uri.IsHexDigit) ? text : null;
    }
}
