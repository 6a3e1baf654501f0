using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace CoProduction.Store.Privacy;

/// <param name="Replies">Inbound messages whose replies were cleared.</param>
/// <param name="Answers">Answers whose word-for-word text was cleared.</param>
/// <param name="Outbox">Outbox messages removed.</param>
/// <param name="Audit">Audit log entries removed.</param>
public sealed record RetentionResult(int Replies, int Answers, int Outbox, int Audit)
{
    public int Total => Replies + Answers + Outbox + Audit;
}

/// <summary>
/// Forgets what is only kept for a while. After Privacy:MessageRetentionDays: the replies we gave
/// to inbound messages (the message id stays, so a very late retry is still not answered twice),
/// the word-for-word text of answers (the understood value stays for results) and the outbox's
/// messages, with their phone numbers. After Privacy:AuditRetentionDays: audit log entries.
/// Works in batches of Privacy:BatchSize rows, each its own short statement, so a store of
/// millions of rows is never locked for long; every statement only touches rows still to clear,
/// so two nodes running it at once, or a run cut short and run again, do no harm.
/// </summary>
public sealed class Retention(StoreDbContext db, IOptions<PrivacyOptions> options, TimeProvider time)
{
    public async Task<RetentionResult> RunAsync(CancellationToken ct)
    {
        var o = options.Value;
        var now = time.GetUtcNow();
        var messagesBefore = now - TimeSpan.FromDays(o.MessageRetentionDays);
        var auditBefore = now - TimeSpan.FromDays(o.AuditRetentionDays);
        var size = o.BatchSize;

        var replies = await BatchesAsync(() => db.InboundMessages
            .Where(m => m.ReceivedAt < messagesBefore && m.RepliesJson != "[]").OrderBy(m => m.ReceivedAt).Take(size)
            .ExecuteUpdateAsync(u => u.SetProperty(m => m.RepliesJson, "[]"), ct), size);
        var answers = await BatchesAsync(() => db.Answers
            .Where(a => a.At < messagesBefore && a.Raw != "").OrderBy(a => a.At).Take(size)
            .ExecuteUpdateAsync(u => u.SetProperty(a => a.Raw, ""), ct), size);
        var outbox = await BatchesAsync(() => db.OutboxMessages
            .Where(m => m.At < messagesBefore).OrderBy(m => m.At).Take(size).ExecuteDeleteAsync(ct), size);
        var audit = await BatchesAsync(() => db.AuditEvents
            .Where(e => e.At < auditBefore).OrderBy(e => e.At).Take(size).ExecuteDeleteAsync(ct), size);
        return new RetentionResult(replies, answers, outbox, audit);
    }

    private static async Task<int> BatchesAsync(Func<Task<int>> batch, int size)
    {
        var total = 0;
        while (true)
        {
            var changed = await batch();
            total += changed;
            if (changed < size) return total;
        }
    }
}
