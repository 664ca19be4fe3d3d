using System.Text.Json;
using LimaCharlie.Emulator.Auth;
using LimaCharlie.Emulator.Infrastructure;
using LimaCharlie.Emulator.State;

namespace LimaCharlie.Emulator.Api;

/// <summary>
/// Org settings and lifecycle (limacharlie-api.md §3.2): rename/description, quota, the two-step delete, quota usage
/// and usage history, component errors, event schemas and the org sensor version.
/// </summary>
internal static class OrgAdminEndpoints
{
    private const string OrgGet = "org.get";
    private const string OrgDel = "org.del";
    private const string OrgSetQuota = "org.set_quota";
    private const string OrgConfSet = "org.conf.set";
    private const string SensorList = "sensor.list";
    private const string AuditGet = "audit.get";
    private const string ModuleUpdate = "module.update";

    public static IEndpointRouteBuilder MapOrgAdmin(this IEndpointRouteBuilder routes)
    {
        routes.MapPost("/v1/orgs/{oid}/name", Rename);
        routes.MapPost("/v1/orgs/{oid}/quota", SetQuota);
        routes.MapGet("/v1/orgs/{oid}/delete", DeleteConfirmation);
        routes.MapDelete("/v1/orgs/{oid}/delete", Delete);
        routes.MapGet("/v1/quota_usage/{oid}", QuotaUsage);
        routes.MapGet("/v1/usage/{oid}", UsageHistory);
        routes.MapGet("/v1/errors/{oid}", Errors);
        routes.MapDelete("/v1/errors/{oid}/{component}", DismissError);
        routes.MapGet("/v1/orgs/{oid}/schema", SchemaList);
        routes.MapGet("/v1/orgs/{oid}/schema/{name}", Schema);
        routes.MapPost("/v1/modules/{oid}", SetSensorVersion);
        return routes;
    }

    /// <summary><c>name</c> (query or form) required, optional <c>description</c>; needs <c>org.conf.set</c>.</summary>
    private static IResult Rename(string oid, Caller caller, RequestParams parameters, EmulatorState state)
    {
        var org = caller.AuthorizeOrg(state, oid, OrgConfSet);
        var name = parameters.GetNonEmpty("name") ?? throw EmulatorException.BadRequest("name is required");
        state.RenameOrg(org.Oid, name, parameters.Get("description"));
        return EmulatorJson.Success();
    }

    private static IResult SetQuota(string oid, Caller caller, RequestParams parameters, EmulatorState state)
    {
        var org = caller.AuthorizeOrg(state, oid, OrgSetQuota);
        var quota = parameters.GetInt64("quota") ?? throw EmulatorException.BadRequest("quota is required");
        if (quota is < 0 or > int.MaxValue)
        {
            throw EmulatorException.BadRequest("quota must be 0 or more");
        }

        state.SetOrgQuota(org.Oid, (int)quota);
        return EmulatorJson.Success();
    }

    private static IResult DeleteConfirmation(string oid, Caller caller, EmulatorState state)
    {
        var org = caller.AuthorizeOrg(state, oid, OrgDel);
        return EmulatorJson.Ok(new Dictionary<string, string> { ["confirmation"] = state.IssueDeleteConfirmation(org.Oid) });
    }

    /// <summary><c>confirmation</c> in the form (Python) or the query (Go).</summary>
    private static IResult Delete(string oid, Caller caller, RequestParams parameters, EmulatorState state)
    {
        var org = caller.AuthorizeOrg(state, oid, OrgDel);
        state.DeleteOrgConfirmed(org.Oid, parameters.Get("confirmation"));
        return EmulatorJson.Success();
    }

    /// <summary>
    /// <c>{"usage", "quota", "breakdown": {category: {"n", "quota"}}}</c> as the v5 SDK documents it
    /// (<c>sdk/organization.py</c> get_quota_usage): <c>n</c> the raw count, <c>quota</c> its weighted share (a float).
    /// The seeded usage, else one <c>sensors</c> category counting the org's sensors at weight 1.
    /// </summary>
    private static IResult QuotaUsage(string oid, Caller caller, EmulatorState state)
    {
        var org = caller.AuthorizeOrg(state, oid, SensorList);
        var usage = state.Usage(org.Oid) ?? new OrgUsage(new Dictionary<string, OrgUsageCategory>
        {
            ["sensors"] = new(state.CountSensors(org.Oid), 1),
        });
        var breakdown = usage.Breakdown.ToDictionary(
            c => c.Key,
            c => new Dictionary<string, object> { ["n"] = c.Value.Count, ["quota"] = c.Value.Weighted });
        return EmulatorJson.Ok(new Dictionary<string, object>
        {
            ["usage"] = usage.Total,
            ["quota"] = org.SensorQuota,
            ["breakdown"] = breakdown,
        });
    }

    private static IResult UsageHistory(string oid, Caller caller, EmulatorState state)
    {
        var org = caller.AuthorizeOrg(state, oid, OrgGet);
        var days = state.UsageHistory(org.Oid).ToDictionary(d => d.Key, d => JsonDocument.Parse(d.Value).RootElement);
        return EmulatorJson.Ok(new Dictionary<string, object> { ["from_cache"] = false, ["usage"] = days });
    }

    private static IResult Errors(string oid, Caller caller, EmulatorState state)
    {
        var org = caller.AuthorizeOrg(state, oid, AuditGet);
        var errors = state.OrgErrors(org.Oid).Select(e => new Dictionary<string, object?>
        {
            ["component"] = e.Component,
            ["error"] = e.Error,
            ["ts"] = e.Ts,
            ["oid"] = org.Oid,
            ["extra"] = e.Extra,
        });
        return EmulatorJson.Ok(new Dictionary<string, object> { ["errors"] = errors.ToList() });
    }

    /// <summary>The component is percent-encoded (any character, <c>%2F</c> included).</summary>
    private static IResult DismissError(string oid, string component, Caller caller, EmulatorState state, HttpContext context)
    {
        var org = caller.AuthorizeOrg(state, oid, AuditGet);
        state.DismissOrgError(org.Oid, RawPath.Segment(context, 3, component));
        return EmulatorJson.Success();
    }

    /// <summary>Optional <c>platform</c> (windows, linux, macos) keeps the types that platform emits.</summary>
    private static IResult SchemaList(string oid, Caller caller, RequestParams parameters, EmulatorState state)
    {
        caller.AuthorizeOrg(state, oid, OrgGet);
        var platform = parameters.GetNonEmpty("platform")?.Trim().ToLowerInvariant();
        var types = EventSchemas.All
            .Where(s => platform is null || s.Platforms.Contains(platform, StringComparer.Ordinal))
            .Select(s => s.EventType)
            .ToList();
        return EmulatorJson.Ok(new Dictionary<string, object> { ["event_types"] = types });
    }

    private static IResult Schema(string oid, string name, Caller caller, EmulatorState state, HttpContext context)
    {
        caller.AuthorizeOrg(state, oid, OrgGet);
        var eventType = RawPath.Segment(context, 4, name);
        var schema = EventSchemas.Find(eventType) ?? throw EmulatorException.NotFound($"schema not found: {eventType}");
        return EmulatorJson.Ok(new Dictionary<string, object>
        {
            ["schema"] = new Dictionary<string, object> { ["event_type"] = schema.EventType, ["elements"] = schema.Elements },
        });
    }

    /// <summary>Query (or form) <c>specific_version</c>, <c>is_fallback</c>, <c>is_sleep</c>; needs <c>module.update</c>.</summary>
    private static IResult SetSensorVersion(string oid, Caller caller, RequestParams parameters, EmulatorState state)
    {
        var org = caller.AuthorizeOrg(state, oid, ModuleUpdate);
        state.SetSensorVersion(org.Oid, parameters.GetNonEmpty("specific_version"), parameters.GetBool("is_fallback") ?? false,
            parameters.GetBool("is_sleep") ?? false);
        return EmulatorJson.Success();
    }
}
