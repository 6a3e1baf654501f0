using System.Security.Cryptography;
using System.Text;
using CoProduction.Store;
using CoProduction.Store.Accounts;
using Microsoft.EntityFrameworkCore;

namespace CoProduction.Bot.Accounts;

public sealed record NewApiKey(long Id, string Name, string Role, string Key);

/// <summary>Named API keys: made (the key shown once), listed with their last use, revoked.</summary>
public sealed class ApiKeys(StoreDbContext db, TimeProvider time)
{
    private const string KeyStart = "cpk_";

    public async Task<NewApiKey> CreateAsync(string name, string role, Guid? accountId, Guid? createdBy, CancellationToken ct)
    {
        var key = KeyStart + Base64Url(RandomNumberGenerator.GetBytes(32));
        var row = new ApiKey
        {
            Name = name.Trim(), Role = role, AccountId = accountId, CreatedBy = createdBy, CreatedAt = time.GetUtcNow(),
            Prefix = key[..(KeyStart.Length + 6)], Hash = HashOf(key),
        };
        db.ApiKeys.Add(row);
        await db.SaveChangesAsync(ct);
        return new NewApiKey(row.Id, row.Name, row.Role, key);
    }

    public async Task<IReadOnlyList<ApiKey>> ListAsync(CancellationToken ct) =>
        await db.ApiKeys.AsNoTracking().OrderBy(k => k.Name).ThenBy(k => k.Id).ToListAsync(ct);

    /// <returns>False when there is no such key.</returns>
    public async Task<bool> RevokeAsync(long id, CancellationToken ct)
    {
        var now = time.GetUtcNow();
        if (!await db.ApiKeys.AnyAsync(k => k.Id == id, ct)) return false;
        // Revoking twice keeps the first time.
        await db.ApiKeys.Where(k => k.Id == id && k.RevokedAt == null).ExecuteUpdateAsync(s => s.SetProperty(k => k.RevokedAt, now), ct);
        return true;
    }

    public static string HashOf(string key) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key)));

    internal static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
