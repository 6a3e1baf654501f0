using CoProduction.Store.Accounts;

namespace CoProduction.Store.Tests.Accounts;

public sealed class AuditActionsTests
{
    [Theory]
    [InlineData("role-changed", "Role changed")]
    [InlineData("results-exported", "Answers downloaded")]
    [InlineData("person-erased", "Person erased")]
    [InlineData("free-text-viewed", "Free text viewed")]
    public void Describe_GivesEachActionAPlainName_EvenOnesAddedElsewhere(string action, string plain) =>
        Assert.Equal(plain, AuditActions.Describe(action));
}
