using System.Text.Json;

namespace CoProduction.Scheduling.Dispatch;

/// <summary>
/// The texts of a start that went only in part, kept on the invitation
/// (<see cref="CoProduction.Store.Model.Invitation.UnsentTexts"/>) so a retry sends only those.
/// </summary>
public static class UnsentTexts
{
    public static IReadOnlyList<string>? Read(string? stored) =>
        string.IsNullOrEmpty(stored) ? null : JsonSerializer.Deserialize<List<string>>(stored);

    public static string? Write(IReadOnlyList<string>? texts) =>
        texts is { Count: > 0 } ? JsonSerializer.Serialize(texts) : null;
}
