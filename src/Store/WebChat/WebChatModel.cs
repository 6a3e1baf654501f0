using Microsoft.EntityFrameworkCore;

namespace CoProduction.Store.WebChat;

/// <summary>The web chat tables, kept out of StoreDbContext's own file.</summary>
internal static class WebChatModel
{
    /// <summary>The longest client activity id kept (Web Chat's are about 20 characters).</summary>
    public const int MaxClientActivityId = 128;

    public static void Configure(ModelBuilder model)
    {
        model.Entity<WebChatConversation>(e =>
        {
            e.Property(c => c.Id).HasMaxLength(128);
            e.Property(c => c.UserId).HasMaxLength(256);
            e.Property(c => c.UserName).HasMaxLength(256);
            e.HasIndex(c => c.ExpiresAt);
        });

        model.Entity<WebChatActivity>(e =>
        {
            e.Property(a => a.ConversationId).HasMaxLength(128);
            // One activity per number: two nodes can never both write watermark n.
            e.HasIndex(a => new { a.ConversationId, a.Sequence }).IsUnique();
            e.Property(a => a.ClientActivityId).HasMaxLength(MaxClientActivityId);
            // One activity per client id: the same post twice (at once, or on two nodes) is kept once.
            e.HasIndex(a => new { a.ConversationId, a.ClientActivityId }).IsUnique()
                .HasFilter($"\"{nameof(WebChatActivity.ClientActivityId)}\" IS NOT NULL");
            e.HasOne<WebChatConversation>().WithMany().HasForeignKey(a => a.ConversationId).OnDelete(DeleteBehavior.Cascade);
        });

        model.Entity<WebChatMember>(e =>
        {
            e.HasKey(m => new { m.ConversationId, m.MemberId });
            e.Property(m => m.ConversationId).HasMaxLength(128);
            e.Property(m => m.MemberId).HasMaxLength(256);
            e.HasOne<WebChatConversation>().WithMany().HasForeignKey(m => m.ConversationId).OnDelete(DeleteBehavior.Cascade);
        });
    }
}
