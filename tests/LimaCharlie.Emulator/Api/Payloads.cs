using LimaCharlie.Emulator.Auth;
using LimaCharlie.Emulator.Infrastructure;
using LimaCharlie.Emulator.State;

namespace LimaCharlie.Emulator.Api;

/// <summary>
/// Payloads (limacharlie-api.md §3.16), permission <c>payload.ctrl</c>: the API hands out signed URLs (on this
/// emulator, <c>/_signed/payloads/...</c>) and the bytes travel through them. Names are read from the raw path and
/// percent-decoded once.
/// </summary>
internal static class PayloadEndpoints
{
    private const int NameSegment = 3;

    public static IEndpointRouteBuilder MapPayloads(this IEndpointRouteBuilder routes)
    {
        routes.MapGet("/v1/payload/{oid}", List);
        routes.MapGet("/v1/payload/{oid}/{name}", Download);
        routes.MapPost("/v1/payload/{oid}/{name}", Upload);
        routes.MapDelete("/v1/payload/{oid}/{name}", Delete);
        return routes;
    }

    /// <summary><c>GET /v1/payload/{oid}</c>: <c>{"payloads": {"&lt;name&gt;": {name, oid, size, by, created}}}</c>.</summary>
    private static IResult List(string oid, Caller caller, EmulatorState state)
    {
        var org = caller.AuthorizeOrg(state, oid, OrgPermissions.PayloadCtrl);
        var payloads = state.Payloads(org.Oid).ToDictionary(p => p.Name, p => (object)new Dictionary<string, object>
        {
            ["name"] = p.Name,
            ["oid"] = p.Oid,
            ["size"] = p.Content.Length,
            ["by"] = p.By,
            ["created"] = p.Created.ToUnixTimeSeconds(),
        }, StringComparer.Ordinal);
        return EmulatorJson.Ok(new Dictionary<string, object> { ["payloads"] = payloads });
    }

    /// <summary><c>GET /v1/payload/{oid}/{name}</c>: <c>{"get_url": "..."}</c>; 404 unknown name.</summary>
    private static IResult Download(string oid, string name, HttpContext context, Caller caller, EmulatorState state)
    {
        var org = caller.AuthorizeOrg(state, oid, OrgPermissions.PayloadCtrl);
        var payload = state.FindPayload(org.Oid, RawPath.Segment(context, NameSegment, name))
                      ?? throw EmulatorException.NotFound("payload not found");
        return EmulatorJson.Ok(new Dictionary<string, string> { ["get_url"] = state.PayloadDownloadUrl(payload).AbsoluteUri });
    }

    /// <summary><c>POST /v1/payload/{oid}/{name}</c>: <c>{"put_url": "..."}</c>; the payload exists once the PUT arrives.</summary>
    private static IResult Upload(string oid, string name, HttpContext context, Caller caller, EmulatorState state)
    {
        var org = caller.AuthorizeOrg(state, oid, OrgPermissions.PayloadCtrl);
        var decoded = RawPath.Segment(context, NameSegment, name);
        if (string.IsNullOrWhiteSpace(decoded))
        {
            throw EmulatorException.BadRequest("name is required");
        }

        return EmulatorJson.Ok(new Dictionary<string, string> { ["put_url"] = state.PayloadUploadUrl(org.Oid, decoded, caller.Ident).AbsoluteUri });
    }

    /// <summary><c>DELETE /v1/payload/{oid}/{name}</c>: <c>{"success": true}</c>; 404 unknown name.</summary>
    private static IResult Delete(string oid, string name, HttpContext context, Caller caller, EmulatorState state)
    {
        var org = caller.AuthorizeOrg(state, oid, OrgPermissions.PayloadCtrl);
        return state.DeletePayload(org.Oid, RawPath.Segment(context, NameSegment, name))
            ? EmulatorJson.Success()
            : throw EmulatorException.NotFound("payload not found");
    }
}
