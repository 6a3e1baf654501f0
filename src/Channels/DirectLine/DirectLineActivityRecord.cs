namespace CoProduction.Channels.DirectLine;

/// <summary>
/// One activity as a client receives it, already serialised. Kept as JSON so a store shared by
/// several nodes can hold it as is, and so every client gets exactly the same bytes.
/// </summary>
/// <param name="Watermark">Its place in the conversation's history, or null for a passing activity (typing) that is not kept.</param>
public sealed record DirectLineActivityRecord(long? Watermark, string Json);
