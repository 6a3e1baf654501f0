using CoProduction.Bot.Tests.Infrastructure;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace CoProduction.Bot.Tests.Hosting;

/// <summary>The web server's settings as the service starts it (the test host does not run Kestrel itself, so its options are read).</summary>
public sealed class ServerSettingsTests : IClassFixture<ServiceFactory>
{
    private readonly ServiceFactory _service;

    public ServerSettingsTests(ServiceFactory service) => _service = service;

    [Fact]
    public void Kestrel_DoesNotNameItselfInAServerHeader_AndStillRefusesSynchronousBodyReads()
    {
        var kestrel = _service.Services.GetRequiredService<IOptions<KestrelServerOptions>>().Value;

        Assert.False(kestrel.AddServerHeader);
        Assert.False(kestrel.AllowSynchronousIO);
    }
}
