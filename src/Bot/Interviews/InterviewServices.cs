using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace CoProduction.Bot.Interviews;

/// <summary>Peer researchers' interviews: the turns, who may run them, and the pages' door.</summary>
public static class InterviewServices
{
    public static IServiceCollection AddInterviews(this IServiceCollection services)
    {
        services.AddScoped<InterviewTurns>();
        // Scoped: it reads the member's board role from the store on each request.
        services.AddScoped<IAuthorizationHandler, InterviewerPolicy>();
        services.Configure<AuthorizationOptions>(o => o.AddPolicy(InterviewerPolicy.Name, p => p.RequireAuthenticatedUser().AddRequirements(new InterviewerPolicy.Requirement())));
        services.Configure<RazorPagesOptions>(o => o.Conventions.AuthorizeFolder("/Staff/Interviews", InterviewerPolicy.Name));
        return services;
    }
}
