using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace CoProduction.Bot.Tests.Infrastructure;

/// <summary>
/// The address the in-memory server sees a request come from, as Kestrel would see the TCP peer
/// (the test server leaves it empty). Set before the app's own middleware runs.
/// </summary>
public sealed class TestPeer(IPAddress address) : IStartupFilter
{
    public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
    {
        app.Use((context, then) =>
        {
            context.Connection.RemoteIpAddress = address;
            return then(context);
        });
        next(app);
    };

    /// <summary>The service as seen by requests from <paramref name="address"/>.</summary>
    public static WebApplicationFactory<Program> From(ServiceFactory service, string address) =>
        service.WithWebHostBuilder(b => b.ConfigureServices(s => s.AddSingleton<IStartupFilter>(new TestPeer(IPAddress.Parse(address)))));
}
