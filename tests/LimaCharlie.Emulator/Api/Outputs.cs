using LimaCharlie.Emulator.Auth;
using LimaCharlie.Emulator.Infrastructure;
using LimaCharlie.Emulator.State;

namespace LimaCharlie.Emulator.Api;

/// <summary>
/// Outputs (limacharlie-api.md §3.10). Created with <c>type</c>, listed with <c>for</c>; every other form field is kept
/// as a string (repeated keys comma-joined) and the <see cref="ConfigCatalog.OutputDefaultFields"/> are listed as
/// <c>""</c> when not sent.
/// </summary>
internal static class OutputEndpoints
{
    private static readonly HashSet<string> ReservedFields = new(StringComparer.Ordinal) { "name", "module", "type", "for" };

    public static IEndpointRouteBuilder MapOutputs(this IEndpointRouteBuilder routes)
    {
        routes.MapGet("/v1/outputs/{oid}", List);
        routes.MapPost("/v1/outputs/{oid}", Set);
        routes.MapDelete("/v1/outputs/{oid}", Delete);
        return routes;
    }

    /// <summary><c>GET /v1/outputs/{oid}</c>, <c>output.list</c>: <c>{"&lt;oid&gt;": {"&lt;name&gt;": output}}</c>.</summary>
    private static IResult List(string oid, Caller caller, EmulatorState state)
    {
        var org = caller.AuthorizeOrg(state, oid, OrgPermissions.OutputList);
        return EmulatorJson.Ok(new Dictionary<string, object> { [org.Oid] = HiveViews.Outputs(state.Outputs(org.Oid)) });
    }

    /// <summary>
    /// <c>POST /v1/outputs/{oid}</c>, <c>output.set</c>: form <c>name</c>, <c>module</c>, <c>type</c> + module fields;
    /// creates or replaces; answers the output (with <c>for</c>). 400 for a missing name or an unknown module/type.
    /// </summary>
    private static IResult Set(string oid, Caller caller, RequestParams parameters, EmulatorState state)
    {
        var org = caller.AuthorizeOrg(state, oid, OrgPermissions.OutputSet);
        var name = parameters.GetNonEmpty("name") ?? throw EmulatorException.BadRequest("name is required");
        var module = parameters.GetNonEmpty("module")?.Trim() ?? throw EmulatorException.BadRequest("module is required");
        var type = parameters.GetNonEmpty("type")?.Trim() ?? throw EmulatorException.BadRequest("type is required");
        var fields = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var field in (parameters.Form?.Keys ?? []).Concat(parameters.Query.Keys))
        {
            if (!ReservedFields.Contains(field) && !fields.ContainsKey(field))
            {
                fields[field] = string.Join(",", parameters.GetAll(field));
            }
        }

        var output = state.SetOutput(org.Oid, new OrgOutput(name, module, type, fields));
        return EmulatorJson.Ok(HiveViews.Output(output));
    }

    /// <summary><c>DELETE /v1/outputs/{oid}</c>, <c>output.del</c>: form (or query) <c>name</c>; 404 if unknown.</summary>
    private static IResult Delete(string oid, Caller caller, RequestParams parameters, EmulatorState state)
    {
        var org = caller.AuthorizeOrg(state, oid, OrgPermissions.OutputDel);
        var name = parameters.GetNonEmpty("name") ?? throw EmulatorException.BadRequest("name is required");
        return state.DeleteOutput(org.Oid, name) ? EmulatorJson.Success() : throw EmulatorException.NotFound("output not found");
    }
}
