using System.Net;
using CoProduction.Bot.Tests.Infrastructure;

namespace CoProduction.Bot.Tests.Hosting;

/// <summary>Outside bot turns too, a store that cannot answer just now is a 503 to retry, never a 500.</summary>
public sealed class StoreBusyHandlerTests : IClassFixture<ServiceFactory>
{
    private readonly ServiceFactory _service;

    public StoreBusyHandlerTests(ServiceFactory service) => _service = service;

    [Fact]
    public async Task StaffApi_Answers503WithRetryAfterAndAPlainReason_WhenTheStoreIsBusy_ThenWorksAgain()
    {
        var staff = _service.StaffClient();
        Assert.Equal(HttpStatusCode.OK, (await staff.GetAsync("/api/surveys/checkin/results")).StatusCode);

        _service.Store.FailWith(FailingStore.Busy);
        HttpResponseMessage busy;
        try
        {
            busy = await staff.GetAsync("/api/surveys/checkin/results");
        }
        finally
        {
            _service.Store.Heal();
        }

        Assert.Equal(HttpStatusCode.ServiceUnavailable, busy.StatusCode);
        Assert.Equal(TimeSpan.FromSeconds(5), busy.Headers.RetryAfter?.Delta);
        Assert.Equal("The service is busy just now. Please try again in a moment.", (await Json.ReadAsync(busy)).GetProperty("title").GetString());
        Assert.Equal(HttpStatusCode.OK, (await staff.GetAsync("/api/surveys/checkin/results")).StatusCode);
    }
}
