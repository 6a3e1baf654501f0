using CoProduction.Store.Model;
using Microsoft.EntityFrameworkCore;

namespace CoProduction.Store.Privacy;

/// <summary>
/// Indexes for the retention job. Each holds only rows still to be cleared (a filtered index), so
/// a nightly run finds the old ones without reading the millions already cleared.
/// </summary>
internal static class PrivacyModel
{
    public static void Configure(ModelBuilder model)
    {
        model.Entity<Answer>().HasIndex(a => a.At).HasFilter("\"Raw\" <> ''").HasDatabaseName("IX_Answers_At_RawHeld");
        model.Entity<InboundMessage>().HasIndex(m => m.ReceivedAt).HasFilter("\"RepliesJson\" <> '[]'").HasDatabaseName("IX_InboundMessages_ReceivedAt_RepliesHeld");
        model.Entity<OutboxMessage>().HasIndex(m => m.At);
    }
}
