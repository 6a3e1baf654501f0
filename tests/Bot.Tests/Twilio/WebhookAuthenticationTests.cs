using System.Collections.Concurrent;
using System.Net;
using CoProduction.Bot.Tests.Infrastructure;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;

namespace CoProduction.Bot.Tests.Twilio;

public sealed class WebhookAuthenticationTests : IDisposable
{
    private readonly ServiceFactory _service = new();
    private readonly ConcurrentDictionary<string, bool> _authenticated = new();

    public WebhookAuthenticationTests() =>
        _service.ExtraServices = services => services.AddSingleton<IStartupFilter>(new AuthenticationRecorder(_authenticated));

    public void Dispose() => _service.Dispose();

    [Fact]
    public async Task Webhook_IsAnsweredWithoutAuthenticating_WhileStaffRequestsStillAre()
    {
        var text = await _service.Phone("+447400100301").SendAsync("CHECKIN");
        using var staff = _service.StaffClient();
        var outbox = await staff.GetAsync("/api/outbox");

        Assert.Equal(HttpStatusCode.OK, text.StatusCode);
        Assert.Equal(HttpStatusCode.OK, outbox.StatusCode);
        Assert.False(_authenticated["/twilio/sms"]);
        Assert.True(_authenticated["/api/outbox"]);
    }

    [Fact]
    public async Task Webhook_IsStillRefusedUnsigned_WhenItCarriesAStaffKey()
    {
        using var staff = _service.StaffClient();
        using var form = new FormUrlEncodedContent(CoProduction.Testing.TwilioRequests.Sms("SM9", "+447400100302", ServiceFactory.OurNumber, "CHECKIN"));

        var response = await staff.PostAsync("/twilio/sms", form);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.False(_authenticated["/twilio/sms"]);
    }

    /// <summary>Notes, for each path, whether authentication ran (it leaves its feature on the request).</summary>
    private sealed class AuthenticationRecorder(ConcurrentDictionary<string, bool> authenticated) : IStartupFilter
    {
        public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
        {
            app.Use(async (context, then) =>
            {
                await then(context);
                authenticated[context.Request.Path.Value!] = context.Features.Get<IAuthenticationFeature>() is not null;
            });
            next(app);
        };
    }
}
