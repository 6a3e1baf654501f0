using System.Security.Cryptography;

namespace CoProduction.Channels;

/// <summary>
/// A secret the service makes once and keeps in its data folder when none is configured (the
/// Twilio development token, the Direct Line secret, the staff key): checks are never switched
/// off, so a local run still needs real secrets, and they must survive restarts.
/// </summary>
public static class LocalSecret
{
    /// <summary>Reads <paramref name="fileName"/> in <paramref name="dataDirectory"/>, creating it once with 32 random hex digits.</summary>
    public static string LoadOrCreate(string dataDirectory, string fileName)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(dataDirectory);
        Directory.CreateDirectory(dataDirectory);
        var path = Path.Combine(dataDirectory, fileName);

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
