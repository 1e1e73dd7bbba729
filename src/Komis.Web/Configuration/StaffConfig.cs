using Komis.Domain.Staff;
using Komis.Web.Features.Staff;

namespace Komis.Web.Configuration;

public static class StaffConfig
{
    /// <summary>The staff area: role policies, the audit log and its chainer, cash payments.</summary>
    public static IServiceCollection AddKomisStaff(this IServiceCollection services)
    {
        services.AddScoped<AuditLog>();
        services.AddSingleton<AuditChainer>();
        services.AddHostedService(sp => sp.GetRequiredService<AuditChainer>());
        services.AddScoped<CashPaymentHandler>();
        services.AddScoped<PasswordReissueHandler>();
        services.AddScoped<BranchDayService>();
        services.AddScoped<Data.IDemoDataPart, DemoStaff>();

        services.AddAuthorizationBuilder()
            .AddPolicy(StaffClaims.StaffPolicy, p => p.RequireAuthenticatedUser().RequireClaim(StaffClaims.Role))
            .AddPolicy(StaffClaims.BranchPolicy, p => p.RequireAuthenticatedUser()
                .RequireClaim(StaffClaims.Role, nameof(StaffRole.Teller), nameof(StaffRole.Supervisor)).RequireClaim(StaffClaims.BranchId))
            .AddPolicy(StaffClaims.SupervisorPolicy, p => p.RequireAuthenticatedUser().RequireClaim(StaffClaims.Role, nameof(StaffRole.Supervisor)))
            .AddPolicy(StaffClaims.AgentAdminPolicy, p => p.RequireAuthenticatedUser().RequireClaim(StaffClaims.Role, nameof(StaffRole.AgentAdmin)))
            .AddPolicy(StaffClaims.OperatorPolicy, p => p.RequireAuthenticatedUser().RequireClaim(StaffClaims.Role, nameof(StaffRole.Operator)))
            .AddPolicy(StaffClaims.BillerViewerPolicy, p => p.RequireAuthenticatedUser().RequireClaim(StaffClaims.Role, nameof(StaffRole.BillerViewer)));
        return services;
    }
}
