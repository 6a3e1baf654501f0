namespace CoProduction.Channels.DirectLine;

/// <summary>
/// The Direct Line secret used when DirectLine:Secret is not configured. Tokens are always
/// signed, so a local run still needs a secret: we make one once and keep it under the data
/// directory, so tokens stay valid across restarts (a chat page left open keeps working).
/// </summary>
public static class LocalDirectLineSecret
{
    public const string FileName = "directline-dev-secret.txt";

    public static string LoadOrCreate(string dataDirectory) => LocalSecret.LoadOrCreate(dataDirectory, FileName);
}
