namespace CoProduction.Surveys.Engine;

/// <summary>
/// Where the engine's new ids (a session's id) come from. Injected like the clock, so the same
/// state and input always give the same result, ids included.
/// </summary>
public interface IIdGenerator
{
    Guid NewId();
}

/// <summary>
/// Ids for the running service: unguessable, and in the order they were made. Nobody can guess
/// another person's session id: a version 7 id (RFC 9562) starts with the millisecond it was made
/// (48 bits) but its other 74 bits are random, from the same operating-system generator as
/// <see cref="Guid.NewGuid"/> (which has 122): even someone who knows the very millisecond a
/// session began has 2^74 ids to try. Time-ordered, the sessions answering now sit side by side in
/// every index keyed by session id (an answer's session, a session's own key), so a commit of
/// several turns writes one or two of those index pages instead of one page each at random.
/// The time comes from the injected clock, as everything else in a turn does.
/// </summary>
public sealed class RandomIds(TimeProvider time) : IIdGenerator
{
    public static readonly RandomIds Instance = new(TimeProvider.System);

    public Guid NewId() => Guid.CreateVersion7(time.GetUtcNow());
}
