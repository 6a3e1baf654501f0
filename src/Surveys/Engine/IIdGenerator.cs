namespace CoProduction.Surveys.Engine;

/// <summary>
/// Where the engine's new ids (a session's id) come from. Injected like the clock, so the same
/// state and input always give the same result, ids included.
/// </summary>
public interface IIdGenerator
{
    Guid NewId();
}

/// <summary>Random ids, for the running service: nobody can guess another person's session id.</summary>
public sealed class RandomIds : IIdGenerator
{
    public static readonly RandomIds Instance = new();

    public Guid NewId() => Guid.NewGuid();
}
