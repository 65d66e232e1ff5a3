using Hangfire.Dashboard;

namespace VlSearch.Web.Security;

/// <summary>Lets only admins into the Hangfire dashboard (the endpoint's policy checks first; this is the dashboard's own gate).</summary>
public sealed class AdminDashboardAuthorization : IDashboardAuthorizationFilter
{
    public bool Authorize(DashboardContext context) => context.GetHttpContext().User.IsInRole(WebAuth.AdminRole);
}
