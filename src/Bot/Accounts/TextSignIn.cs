using System.Security.Cryptography;
using System.Text;
using CoProduction.Channels.Twilio;
using CoProduction.Store;
using CoProduction.Store.Accounts;
using Microsoft.EntityFrameworkCore;

namespace CoProduction.Bot.Accounts;

public enum TextSignInSend
{
    Sent,
    /// <summary>Too many texts for this account lately: nothing sent.</summary>
    TooMany,
    /// <summary>The text could not be sent (the number refused, Twilio down).</summary>
    Failed,
}

/// <summary>
/// Sign-in by text for board members without email: a link and a 6-digit code in one text,
/// each good once, for 15 minutes. Opening the link only shows a "Sign me in" button, so a
/// phone's link preview cannot use it up; the button's POST redeems it.
/// </summary>
public sealed class TextSignIn(StoreDbContext db, ISmsSender sms, TimeProvider time, ILogger<TextSignIn> logger)
{
    public static readonly TimeSpan Lifetime = TimeSpan.FromMinutes(15);

    /// <summary>Texts per account per <see cref="Lifetime"/>: enough to retry, too few to flood a phone.</summary>
    public const int MaxTextsPerWindow = 3;

    /// <summary>Wrong codes before a text's code stops working (a million codes, five guesses).</summary>
    public const int MaxFailedAttempts = 5;

    public const string LinkPath = "/signin/link";

    public async Task<TextSignInSend> SendAsync(Account account, string baseUrl, CancellationToken ct)
    {
        if (string.IsNullOrEmpty(account.PhoneNumber)) return TextSignInSend.Failed;
        var now = time.GetUtcNow();
        var since = now - Lifetime;
        if (await db.SignInLinks.CountAsync(l => l.AccountId == account.Id && l.CreatedAt > since, ct) >= MaxTextsPerWindow)
            return TextSignInSend.TooMany;

        var token = ApiKeys.Base64Url(RandomNumberGenerator.GetBytes(32));
        var code = RandomNumberGenerator.GetInt32(0, 1_000_000).ToString("D6", System.Globalization.CultureInfo.InvariantCulture);
        db.SignInLinks.Add(new SignInLink
        {
            AccountId = account.Id, TokenHash = Hash(token), CodeHash = CodeHash(account.Id, code),
            CreatedAt = now, ExpiresAt = now + Lifetime,
        });
        await db.SaveChangesAsync(ct);

        var link = baseUrl.TrimEnd('/') + LinkPath + "?token=" + token;
        var sent = await sms.SendAsync(account.PhoneNumber, Body(link, code), ct);
        if (!sent.Succeeded)
        {
            logger.LogWarning("A sign-in text to account {Account} was not sent: {Code}", account.Id, sent.ErrorCode);
            return TextSignInSend.Failed;
        }
        return TextSignInSend.Sent;
    }

    /// <summary>English, then Welsh: we do not know a board member's language before they sign in.</summary>
    public static string Body(string link, string code) =>
        $"CoProduction: to sign in, open {link} and press 'Sign me in'. Or type the code {code}. It works once, for 15 minutes. " +
        $"Cymraeg: i fewngofnodi, agorwch y ddolen a phwyso 'Mewngofnodi', neu teipiwch y cod {code}.";

    /// <summary>Uses the link up; the account to sign in, or null when it is unknown, used or too old.</summary>
    public async Task<Guid?> RedeemLinkAsync(string? token, CancellationToken ct)
    {
        if (string.IsNullOrEmpty(token) || token.Length > 100) return null;
        var hash = Hash(token);
        var link = await db.SignInLinks.AsNoTracking().FirstOrDefaultAsync(l => l.TokenHash == hash, ct);
        if (link is null) return null;
        return await UseAsync(link.Id, ct) ? link.AccountId : null;
    }

    /// <summary>Checks a typed code against the newest text sent to that number; a wrong code counts against it.</summary>
    public async Task<Guid?> RedeemCodeAsync(string? phone, string? code, CancellationToken ct)
    {
        var e164 = CoProduction.Store.PhoneNumbers.ToE164(phone);
        // Pasted codes arrive with spaces, and sometimes a dash in the middle.
        var digits = new string((code ?? "").Where(char.IsAsciiDigit).ToArray());
        if (e164 is null || digits.Length != 6) return null;
        var account = await db.Users.AsNoTracking().Where(u => u.PhoneNumber == e164).Select(u => (Guid?)u.Id).FirstOrDefaultAsync(ct);
        if (account is not { } accountId) return null;
        var now = time.GetUtcNow();
        var link = await db.SignInLinks.AsNoTracking()
            .Where(l => l.AccountId == accountId && l.UsedAt == null && l.ExpiresAt > now && l.FailedAttempts < MaxFailedAttempts)
            .OrderByDescending(l => l.CreatedAt).FirstOrDefaultAsync(ct);
        if (link is null) return null;

        var right = CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(CodeHash(accountId, digits)), Encoding.ASCII.GetBytes(link.CodeHash));
        if (!right)
        {
            await db.SignInLinks.Where(l => l.Id == link.Id).ExecuteUpdateAsync(s => s.SetProperty(l => l.FailedAttempts, l => l.FailedAttempts + 1), ct);
            return null;
        }
        return await UseAsync(link.Id, ct) ? accountId : null;
    }

    /// <summary>One conditional update: of two presses at once, exactly one finds it unused.</summary>
    private async Task<bool> UseAsync(long id, CancellationToken ct)
    {
        var now = time.GetUtcNow();
        var used = await db.SignInLinks
            .Where(l => l.Id == id && l.UsedAt == null && l.ExpiresAt > now && l.FailedAttempts < MaxFailedAttempts)
            .ExecuteUpdateAsync(s => s.SetProperty(l => l.UsedAt, now), ct);
        return used == 1;
    }

    private static string Hash(string token) => ApiKeys.HashOf(token);

    private static string CodeHash(Guid account, string code) => ApiKeys.HashOf(account.ToString("N") + ":" + code);
}
