using CoProduction.Bot.Accounts;
using CoProduction.Bot.Scheduling;

namespace CoProduction.Bot.Staff;

/// <summary>
/// Everything under /api, as one group: every endpoint needs a staff key (X-Api-Key) or a
/// sign-in (<see cref="ApiKeyFilter"/>) with the role it names, and JSON clients send no
/// antiforgery token (the filter checks one for a signed-in browser instead).
/// </summary>
public static class ApiGroup
{
    public static RouteGroupBuilder MapApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api").AddEndpointFilter<ApiKeyFilter>().DisableAntiforgery();
        api.MapStaffApi();
        api.MapResultsApi();
        api.MapDisclosureApi();
        api.MapFreeTextApi();
        api.MapVotesApi();
        api.MapPrivacyApi();
        api.MapReviewApi();
        api.MapAccountsApi();
        api.MapSchedulingApi();
        return api;
    }
}
