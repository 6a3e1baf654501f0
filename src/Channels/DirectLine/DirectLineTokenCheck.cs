namespace CoProduction.Channels.DirectLine;

public enum DirectLineTokenStatus
{
    Valid,
    /// <summary>Not one of ours, tampered with, or meant for something else.</summary>
    Invalid,
    /// <summary>Ours and intact, but past its expiry: the client should refresh sooner or get a new one.</summary>
    Expired,
}

/// <summary>The outcome of reading a token; <see cref="Claims"/> is set only when valid.</summary>
public sealed record DirectLineTokenCheck(DirectLineTokenStatus Status, DirectLineTokenClaims? Claims)
{
    public static readonly DirectLineTokenCheck Invalid = new(DirectLineTokenStatus.Invalid, null);
    public static readonly DirectLineTokenCheck Expired = new(DirectLineTokenStatus.Expired, null);

    public bool IsValid => Status == DirectLineTokenStatus.Valid;
}
