using CoProduction.Surveys.Engine;

namespace CoProduction.Surveys.Tests.Engine;

/// <summary>Ids 00000000-0000-0000-0000-000000000001, ...02, ... in order: a run can be repeated exactly.</summary>
public sealed class SequentialIds : IIdGenerator
{
    private int _next;

    public Guid NewId() => new($"00000000-0000-0000-0000-{++_next:D12}");
}
