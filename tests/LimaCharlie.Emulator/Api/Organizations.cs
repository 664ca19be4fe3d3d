using LimaCharlie.Emulator.Auth;
using LimaCharlie.Emulator.Infrastructure;
using LimaCharlie.Emulator.State;

namespace LimaCharlie.Emulator.Api;

/// <summary>Organizations: creation, name availability, info and the (unauthenticated) service URL map.</summary>
internal static class OrganizationEndpoints
{
    public static IEndpointRouteBuilder MapOrganizations(this IEndpointRouteBuilder routes)
    {
        routes.MapPost("/v1/orgs/new", Create);
        routes.MapGet("/v1/orgs/new", NameAvailability);
        routes.MapGet("/v1/orgs/{oid}", Info);
        routes.MapGet("/v1/orgs/{oid}/url", Urls);
        return routes;
    }

    /// <summary>
    /// <c>POST /v1/orgs/new</c> (form <c>name</c>, <c>loc</c>, optional <c>template</c>), user tokens only. The caller
    /// becomes owner with every permission; tokens minted before do not carry the new org.
    /// </summary>
    private static IResult Create(Caller caller, RequestParams parameters, EmulatorState state)
    {
        caller.RequireUser();
        var name = parameters.Get("name");
        if (string.IsNullOrWhiteSpace(name) || name.Length > EmulatorState.MaxOrgNameLength)
        {
            throw EmulatorException.BadRequest($"name is required and must be 1 to {EmulatorState.MaxOrgNameLength} characters");
        }

        var accepted = string.Join(", ", Locations.Accepted);
        var loc = parameters.GetNonEmpty("loc") ?? throw EmulatorException.BadRequest($"loc is required: one of {accepted}");
        if (!Locations.TryResolve(loc, out var location))
        {
            throw EmulatorException.BadRequest($"invalid loc '{loc}': expected one of {accepted}");
        }

        var org = state.CreateOrgOwnedBy(caller.Uid!, name, location, parameters.Get("template"));
        return EmulatorJson.Ok(new Dictionary<string, object>
        {
            ["success"] = true,
            ["data"] = new Dictionary<string, string> { ["oid"] = org.Oid },
        });
    }

    /// <summary><c>GET /v1/orgs/new?name=X</c> → <c>{"is_available": bool}</c> (upstream shape unconfirmed).</summary>
    private static IResult NameAvailability(Caller caller, RequestParams parameters, EmulatorState state)
    {
        caller.RequireUser();
        var name = parameters.GetNonEmpty("name") ?? throw EmulatorException.BadRequest("name is required");
        return EmulatorJson.Ok(new Dictionary<string, bool> { ["is_available"] = state.IsOrgNameAvailable(name) });
    }

    /// <summary><c>GET /v1/orgs/{oid}</c>, needs <c>org.get</c>.</summary>
    private static IResult Info(string oid, Caller caller, EmulatorState state)
    {
        var org = caller.AuthorizeOrg(state, oid, OrgPermissions.OrgGet);
        return EmulatorJson.Ok(OrgViews.Info(org, state));
    }

    /// <summary>
    /// <c>GET /v1/orgs/{oid}/url</c>, no auth. Every service points back at this emulator: bare <c>host:port</c>
    /// for most, <c>http://host:port</c> for search, cases and ai (so clients keep the plain-HTTP scheme); search is
    /// the second listener, the regional search host; replay, cases and logs (ingestion) the third, the services host.
    /// </summary>
    private static IResult Urls(string oid, EmulatorState state, HttpContext context)
    {
        var org = state.RequireOrg(oid);
        var baseUrl = state.BaseUrl ?? new Uri($"http://{context.Request.Host}/");
        var host = baseUrl.Authority;
        var root = $"{baseUrl.Scheme}://{host}";
        var urls = new Dictionary<string, object>
        {
            ["lc"] = host,
            ["lc_wss"] = host,
            ["edr"] = host,
            ["logs"] = state.ServicesUrl is { } logs ? logs.Authority : host,
            ["artifacts"] = host,
            ["replay"] = state.ServicesUrl is { } replay ? replay.Authority : host,
            ["live"] = host,
            ["hooks"] = host,
            ["search"] = state.SearchUrl is { } search ? $"{search.Scheme}://{search.Authority}" : root,
            ["cases"] = state.ServicesUrl is { } cases ? $"{cases.Scheme}://{cases.Authority}" : root,
            ["ai"] = root,
            ["region_code"] = org.RegionCode,
            ["private_endpoints"] = new Dictionary<string, bool>(),
        };
        return EmulatorJson.Ok(new Dictionary<string, object>
        {
            ["url"] = urls,
            ["certs"] = new Dictionary<string, string>(),
            ["site_name"] = org.SiteName,
        });
    }
}
