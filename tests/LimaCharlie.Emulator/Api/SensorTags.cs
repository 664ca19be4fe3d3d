using LimaCharlie.Emulator.Auth;
using LimaCharlie.Emulator.Infrastructure;
using LimaCharlie.Emulator.State;

namespace LimaCharlie.Emulator.Api;

/// <summary>
/// Sensor tags: per sensor (<c>/v1/{sid}/tags</c>) and per org (<c>/v1/tags/{oid}[/{tag}]</c>). Expired TTL tags are
/// never shown and are pruned on the next change of their sensor.
/// </summary>
internal static class SensorTagEndpoints
{
    public static IEndpointRouteBuilder MapSensorTags(this IEndpointRouteBuilder routes)
    {
        routes.MapGet("/v1/{sid}/tags", Get);
        routes.MapPost("/v1/{sid}/tags", Add);
        routes.MapDelete("/v1/{sid}/tags", Remove);
        routes.MapGet("/v1/tags/{oid}", OrgTags);
        routes.MapGet("/v1/tags/{oid}/{tag}", SensorsWithTag);
        return routes;
    }

    /// <summary>
    /// <c>GET /v1/{sid}/tags</c>, <c>sensor.get</c>:
    /// <c>{"tags": {"&lt;sid&gt;": {"&lt;tag&gt;": ["&lt;sid&gt;", "&lt;tag&gt;", "&lt;by&gt;", "&lt;added&gt;"]}}}</c>,
    /// added = Unix seconds as a string.
    /// </summary>
    private static IResult Get(string sid, Caller caller, EmulatorState state)
    {
        var sensor = caller.AuthorizeSensor(state, sid, OrgPermissions.SensorGet);
        var now = state.Time.GetUtcNow();
        return EmulatorJson.Write(json =>
        {
            json.WriteStartObject();
            json.WriteStartObject("tags");
            json.WriteStartObject(sensor.Sid);
            foreach (var tag in sensor.ActiveTags(now))
            {
                json.WriteStartArray(tag.Tag);
                json.WriteStringValue(sensor.Sid);
                json.WriteStringValue(tag.Tag);
                json.WriteStringValue(tag.By);
                json.WriteStringValue(SensorViews.FormatAdded(tag));
                json.WriteEndArray();
            }

            json.WriteEndObject();
            json.WriteEndObject();
            json.WriteEndObject();
        });
    }

    /// <summary>
    /// <c>POST /v1/{sid}/tags</c>, <c>sensor.tag</c>: form <c>tags</c> (repeated or comma-joined; <c>tag</c> accepted
    /// too), optional <c>ttl</c> seconds. Re-adding a tag refreshes its author, time and expiry.
    /// </summary>
    private static IResult Add(string sid, Caller caller, RequestParams parameters, EmulatorState state)
    {
        var sensor = caller.AuthorizeSensor(state, sid, OrgPermissions.SensorTag);
        var tags = TagNames(parameters);
        if (tags.Count == 0)
        {
            throw EmulatorException.BadRequest("tags is required");
        }

        TimeSpan? ttl = null;
        if (parameters.GetInt64("ttl") is { } seconds)
        {
            ttl = seconds > 0 && seconds <= int.MaxValue
                ? TimeSpan.FromSeconds(seconds)
                : throw EmulatorException.BadRequest("ttl must be a positive number of seconds");
        }

        state.TagSensor(sensor.Sid, tags, ttl, caller.Ident);
        return EmulatorJson.Success();
    }

    /// <summary>
    /// <c>DELETE /v1/{sid}/tags</c>, <c>sensor.tag</c>: <c>tag=&lt;t&gt;</c> or <c>tags=&lt;a,b&gt;</c>, in the form or the
    /// query. Removing an absent tag succeeds.
    /// </summary>
    private static IResult Remove(string sid, Caller caller, RequestParams parameters, EmulatorState state)
    {
        var sensor = caller.AuthorizeSensor(state, sid, OrgPermissions.SensorTag);
        var tags = TagNames(parameters);
        if (tags.Count == 0)
        {
            throw EmulatorException.BadRequest("tag or tags is required");
        }

        state.UntagSensor(sensor.Sid, tags);
        return EmulatorJson.Success();
    }

    /// <summary><c>GET /v1/tags/{oid}</c>, <c>sensor.list</c>: <c>{"tags": [...]}</c>, distinct, sorted (ordinal), unexpired.</summary>
    private static IResult OrgTags(string oid, Caller caller, EmulatorState state)
    {
        var org = caller.AuthorizeOrg(state, oid, OrgPermissions.SensorList);
        var now = state.Time.GetUtcNow();
        var tags = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var sensor in state.StoreFor(org.Oid).Where(s => !s.Tags.IsEmpty))
        {
            foreach (var tag in sensor.Tags.Values)
            {
                if (tag.IsActiveAt(now))
                {
                    tags.Add(tag.Tag);
                }
            }
        }

        return EmulatorJson.Ok(new Dictionary<string, object> { ["tags"] = tags });
    }

    /// <summary>
    /// <c>GET /v1/tags/{oid}/{tag}</c> (tag percent-encoded), <c>sensor.list</c>: the sensors carrying the tag (exact
    /// name), <c>{"&lt;sid&gt;": ["&lt;tag&gt;", "&lt;by&gt;", "&lt;added&gt;"]}</c>, all strings (added = Unix seconds),
    /// in SID order.
    /// </summary>
    private static IResult SensorsWithTag(string oid, string tag, Caller caller, EmulatorState state, HttpContext context)
    {
        var org = caller.AuthorizeOrg(state, oid, OrgPermissions.SensorList);
        var name = RawPath.Segment(context, 3, tag);
        var now = state.Time.GetUtcNow();
        var sensors = state.StoreFor(org.Oid).Where(s => s.HasTag(name, now));
        return EmulatorJson.Write(json =>
        {
            json.WriteStartObject();
            foreach (var sensor in sensors)
            {
                var info = sensor.Tags[name];
                json.WriteStartArray(sensor.Sid);
                json.WriteStringValue(info.Tag);
                json.WriteStringValue(info.By);
                json.WriteStringValue(SensorViews.FormatAdded(info));
                json.WriteEndArray();
            }

            json.WriteEndObject();
        });
    }

    private static List<string> TagNames(RequestParams parameters) =>
        parameters.GetList("tags").Concat(parameters.GetList("tag")).Distinct(StringComparer.Ordinal).ToList();
}
