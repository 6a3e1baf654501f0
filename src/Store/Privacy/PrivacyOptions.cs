namespace CoProduction.Store.Privacy;

/// <summary>Settings from the "Privacy" section: how long things are kept, and what erasing a person does to their answers.</summary>
public sealed class PrivacyOptions
{
    public const string Section = "Privacy";

    public const string KeepAnonymous = "keep-anonymous";
    public const string Delete = "delete";

    /// <summary>Audit log entries older than this many days are removed.</summary>
    public int AuditRetentionDays { get; set; } = 730;

    /// <summary>After this many days, message text and phone numbers go from inbound messages, replies and the outbox.</summary>
    public int MessageRetentionDays { get; set; } = 90;

    /// <summary><see cref="KeepAnonymous"/> (results keep counting them) or <see cref="Delete"/>.</summary>
    public string ErasedAnswers { get; set; } = KeepAnonymous;

    /// <summary>Rows changed per statement by the retention job, so no statement holds locks for long.</summary>
    public int BatchSize { get; set; } = 2000;

    public bool DeletesAnswers => string.Equals(ErasedAnswers?.Trim(), Delete, StringComparison.OrdinalIgnoreCase);

    public bool IsValid =>
        AuditRetentionDays is >= 1 and <= 36500 && MessageRetentionDays is >= 1 and <= 36500 && BatchSize is >= 1 and <= 100_000
        && (DeletesAnswers || string.Equals(ErasedAnswers?.Trim(), KeepAnonymous, StringComparison.OrdinalIgnoreCase));

    public const string Error =
        "Privacy:ErasedAnswers must be keep-anonymous or delete; Privacy:AuditRetentionDays and Privacy:MessageRetentionDays whole days from 1 to 36500; Privacy:BatchSize from 1 to 100000";
}
