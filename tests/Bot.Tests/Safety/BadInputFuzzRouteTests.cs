using System.Text.RegularExpressions;
using CoProduction.Bot.Tests.Infrastructure;
using CoProduction.Testing;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace CoProduction.Bot.Tests.Safety;

/// <summary>
/// "Every public endpoint" stays true as endpoints are added: every route the app maps (minimal
/// APIs, health checks, Razor pages) must be reached by some kind of bad request in
/// <see cref="BadRequests"/>. A new endpoint fails this test, by its route, until a kind reaches it.
/// </summary>
public sealed partial class BadInputFuzzRouteTests
{
    [Fact]
    public async Task EveryRouteOfTheApp_IsReachedByAKindOfBadRequest()
    {
        await using var service = await BackendService.StartAsync(SqliteBackend.Instance);
        var routes = service.Factory.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Select(e => e.RoutePattern.RawText ?? "").Select(Normalise).Distinct().Order(StringComparer.Ordinal).ToList();
        var fuzzed = new BadRequests(new Junk(1), new FuzzTargets("", "", "", "", 0, "", "", "", "", "", [], "")).Routes.Select(Normalise).ToHashSet();

        var missing = routes.Where(r => !fuzzed.Contains(r)).ToList();
        var stale = fuzzed.Where(r => !routes.Contains(r)).ToList();

        Assert.True(routes.Count > 40, $"only {routes.Count} routes found: " + string.Join(", ", routes));
        Assert.True(missing.Count == 0, "No kind of bad request in BadRequests reaches these routes (add a row to BadRequests.Kinds): " + string.Join(", ", missing));
        Assert.True(stale.Count == 0, "BadRequests names routes the app no longer has: " + string.Join(", ", stale));
    }

    /// <summary>"/api/rounds/{id:guid}" and "Staff/Review/{id?}" as "/api/rounds/{id}" and "/staff/review/{id}".</summary>
    private static string Normalise(string route) =>
        "/" + Parameter().Replace(route.Trim('/'), m => "{" + m.Groups[1].Value + "}").ToLowerInvariant();

    [GeneratedRegex(@"\{(\*{0,2}\w+)[^}]*\}")]
    private static partial Regex Parameter();
}
