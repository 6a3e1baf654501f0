namespace CoProduction.Bot.WebChat;

/// <summary>
/// Until invitation links are issued, no token is known: the page says so kindly and the
/// visitor can still answer a survey as themselves.
/// </summary>
public sealed class NoChatInvitations : IChatInvitations
{
    public Task<ChatInvitation?> ResolveAsync(string token, CancellationToken cancellationToken) =>
        Task.FromResult<ChatInvitation?>(null);
}
