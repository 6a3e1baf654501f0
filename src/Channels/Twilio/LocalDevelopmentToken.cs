namespace CoProduction.Channels.Twilio;

/// <summary>
/// The auth token used when no Twilio:AuthToken is configured. The signature check is never
/// switched off, so a local run still needs a secret: we make one once, keep it under the
/// data directory, and the local phone simulator signs with the same file.
/// </summary>
public static class LocalDevelopmentToken
{
    public const string FileName = "twilio-dev-token.txt";

    public static string LoadOrCreate(string dataDirectory) => LocalSecret.LoadOrCreate(dataDirectory, FileName);
}
