using CoProduction.Bot.Tests.Infrastructure;
using CoProduction.Store;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CoProduction.Bot.Tests.Conversations;

public sealed class TurnErrorTests : IClassFixture<ServiceFactory>
{
    private readonly ServiceFactory _service;

    public TurnErrorTests(ServiceFactory service) => _service = service;

    [Fact]
    public async Task BrokenSession_GetsAnApology_ThenThePersonCanStartAgain()
    {
        var phone = _service.Phone("+447700900601");
        await phone.TextAsync("CHECKIN");
        using (var scope = _service.Services.CreateScope())
        {
            // A session whose saved state can no longer be read (say, written by an older version).
            var db = scope.ServiceProvider.GetRequiredService<StoreDbContext>();
            var person = await db.People.SingleAsync(p => p.Phone == "+447700900601");
            var session = await db.Sessions.SingleAsync(s => s.PersonId == person.Id);
            session.StateJson = "{ not json";
            await db.SaveChangesAsync();
        }

        var apology = await phone.TextAsync("4");
        var fresh = await phone.TextAsync("CHECKIN");

        Assert.Contains("Sorry, something went wrong on our side", Assert.Single(apology));
        Assert.Contains(fresh, r => r.Contains("How happy are you with your support?"));
    }
}
