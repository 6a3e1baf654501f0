using System.Security.Cryptography;

namespace CoProduction.Channels.Twilio;

/// <summary>
/// The auth token used when no Twilio:AuthToken is configured. The signature check is never
/// switched off, so a local run still needs a secret: we make one once, keep it under the
/// data directory, and the local phone simulator signs with the same file.
/// </summary>
public static class LocalDevelopmentToken
{
    public const string FileName = "twilio-dev-token.txt";

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

        var token = RandomNumberGenerator.GetHexString(32, lowercase: true);
        try
        {
            // CreateNew, so two processes starting together cannot each write a different token.
            using var stream = new FileStream(path, File.Exists(path) ? FileMode.Truncate : FileMode.CreateNew, FileAccess.Write, FileShare.None);
            using var writer = new StreamWriter(stream);
            writer.Write(token);
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

        return token;
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
