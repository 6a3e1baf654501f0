using CoProduction.Bot.Accounts;
using Hangfire.Dashboard;

namespace CoProduction.Bot.Scheduling;

/// <summary>
/// The Hangfire dashboard is for signed-in admins and staff (the /staff cookie), from anywhere; not the
/// default "local requests only", which would let anyone on the server in and keep staff out.
/// </summary>
public sealed class StaffDashboardAuthorization : IDashboardAuthorizationFilter
{
    public bool Authorize(DashboardContext context) =>
        context.GetHttpContext().User is var user
        && user.IsStaff()
        // A key is for scripts; the dashboard is a page, for a person signed in.
        && user.Identity?.AuthenticationType != ApiKeyAuthentication.SchemeName;
}
