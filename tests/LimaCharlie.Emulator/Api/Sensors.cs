using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using LimaCharlie.Emulator.Auth;
using LimaCharlie.Emulator.Infrastructure;
using LimaCharlie.Emulator.Selectors;
using LimaCharlie.Emulator.State;

namespace LimaCharlie.Emulator.Api;

/// <summary>
/// Sensors (limacharlie-api.md §3.3): the paged listing, one sensor, deletion, online status, hostname and IP
/// search. Tags are in <see cref="SensorTagEndpoints"/>, tasking/isolation/seal in <see cref="SensorTaskEndpoints"/>.
/// </summary>
internal static class SensorEndpoints
{
    public const int DefaultLimit = 1000;
    public const int MaxLimit = 10_000;

    public static IEndpointRouteBuilder MapSensors(this IEndpointRouteBuilder routes)
    {
        routes.MapGet("/v1/sensors/{oid}", List);
        routes.MapGet("/v1/hostnames/{oid}", Hostnames);
        routes.MapGet("/v1/ips/{oid}", Ips);
        routes.MapPost("/v1/online/{oid}", OnlineStatus);
        routes.MapGet("/v1/online/{oid}", OnlineCount);
        routes.MapGet("/v1/{sid}", Get);
        routes.MapDelete("/v1/{sid}", Delete);
        return routes;
    }

    /// <summary>
    /// <c>GET /v1/sensors/{oid}</c>, <c>sensor.list</c>: <c>{"sensors": [SensorInfo...] | "&lt;base64 gzip&gt;",
    /// "continuation_token": "..."}</c>. Pages go by SID; the token is base64 of the last SID returned and is
    /// <c>""</c> on the last page.
    /// </summary>
    private static IResult List(string oid, Caller caller, RequestParams parameters, EmulatorState state)
    {
        var org = caller.AuthorizeOrg(state, oid, OrgPermissions.SensorList);
        var limit = (int)Math.Clamp(parameters.GetInt64("limit") ?? DefaultLimit, 1, MaxLimit);
        var after = DecodeToken(parameters.Get("continuation_token"));
        var compressed = parameters.GetBool("is_compressed") ?? false;
        var filter = Filter(parameters, state.Time.GetUtcNow());

        var (page, more) = WithRegexGuard(() => state.StoreFor(org.Oid).Page(after, limit, filter));
        var token = more ? EncodeToken(page[^1].Sid) : string.Empty;
        var array = SensorViews.InfoArray(page);
        return EmulatorJson.Write(json =>
        {
            json.WriteStartObject();
            if (compressed)
            {
                json.WriteString("sensors", SensorViews.Compress(array));
            }
            else
            {
                json.WritePropertyName("sensors");
                json.WriteRawValue(array, skipInputValidation: true);
            }

            json.WriteString("continuation_token", token);
            json.WriteEndObject();
        });
    }

    /// <summary><c>GET /v1/{sid}</c>, <c>sensor.get</c>: <c>{"info": SensorInfo, "online": {...} | {}, "is_online": bool}</c>.</summary>
    private static IResult Get(string sid, Caller caller, EmulatorState state)
    {
        var sensor = caller.AuthorizeSensor(state, sid, OrgPermissions.SensorGet);
        return EmulatorJson.Write(json =>
        {
            json.WriteStartObject();
            json.WritePropertyName("info");
            SensorViews.WriteInfo(json, sensor);
            json.WriteStartObject("online");
            if (sensor.IsOnline)
            {
                json.WriteString("last_seen", SensorViews.FormatTime(sensor.Alive));
                json.WriteString("int_ip", sensor.InternalIp);
                json.WriteString("ext_ip", sensor.ExternalIp);
            }

            json.WriteEndObject();
            json.WriteBoolean("is_online", sensor.IsOnline);
            json.WriteEndObject();
        });
    }

    /// <summary><c>DELETE /v1/{sid}</c>, <c>sensor.del</c>.</summary>
    private static IResult Delete(string sid, Caller caller, EmulatorState state)
    {
        var sensor = caller.AuthorizeSensor(state, sid, OrgPermissions.SensorDel);
        return state.DeleteSensor(sensor.Sid) ? EmulatorJson.Success() : throw EmulatorState.SensorNotFound();
    }

    /// <summary><c>GET /v1/hostnames/{oid}?hostname=prefix</c>, <c>sensor.list</c>: <c>{"sid": [{"sid","hostname"}...]}</c>.</summary>
    private static IResult Hostnames(string oid, Caller caller, RequestParams parameters, EmulatorState state)
    {
        var org = caller.AuthorizeOrg(state, oid, OrgPermissions.SensorList);
        var prefix = parameters.GetNonEmpty("hostname")?.Trim() ?? throw EmulatorException.BadRequest("hostname is required");
        var found = state.StoreFor(org.Oid).Where(s => s.Hostname.StartsWith(prefix, StringComparison.OrdinalIgnoreCase));
        return SidList(found);
    }

    /// <summary><c>GET /v1/ips/{oid}?ip=...</c>, <c>sensor.list</c>: sensors whose int_ip or ext_ip is <c>ip</c>, same shape as hostnames.</summary>
    private static IResult Ips(string oid, Caller caller, RequestParams parameters, EmulatorState state)
    {
        var org = caller.AuthorizeOrg(state, oid, OrgPermissions.SensorList);
        var ip = parameters.GetNonEmpty("ip")?.Trim() ?? throw EmulatorException.BadRequest("ip is required");
        return SidList(state.StoreFor(org.Oid).Where(s => HasIp(s, ip)));
    }

    /// <summary>
    /// <c>POST /v1/online/{oid}</c> (form <c>sids</c>, repeated or comma-joined; none = every sensor), <c>sensor.list</c>:
    /// <c>{"&lt;sid&gt;": bool}</c>; unknown SIDs are left out.
    /// </summary>
    private static IResult OnlineStatus(string oid, Caller caller, RequestParams parameters, EmulatorState state)
    {
        var org = caller.AuthorizeOrg(state, oid, OrgPermissions.SensorList);
        var store = state.StoreFor(org.Oid);
        var requested = parameters.GetList("sids");
        IEnumerable<Sensor> sensors = requested.Count == 0
            ? store.All()
            : requested.Select(sid => Ids.TryNormalizeUuid(sid, out var n) ? store.Find(n) : null).OfType<Sensor>();
        return EmulatorJson.Write(json =>
        {
            json.WriteStartObject();
            foreach (var sensor in sensors)
            {
                json.WriteBoolean(sensor.Sid, sensor.IsOnline);
            }

            json.WriteEndObject();
        });
    }

    /// <summary><c>GET /v1/online/{oid}</c>, <c>sensor.list</c>: <c>{"count": N}</c> sensors online.</summary>
    private static IResult OnlineCount(string oid, Caller caller, EmulatorState state)
    {
        var org = caller.AuthorizeOrg(state, oid, OrgPermissions.SensorList);
        return EmulatorJson.Ok(new Dictionary<string, int> { ["count"] = state.StoreFor(org.Oid).CountWhere(s => s.IsOnline) });
    }

    private static IResult SidList(List<Sensor> sensors) => EmulatorJson.Write(json =>
    {
        json.WriteStartObject();
        json.WriteStartArray("sid");
        foreach (var sensor in sensors)
        {
            json.WriteStartObject();
            json.WriteString("sid", sensor.Sid);
            json.WriteString("hostname", sensor.Hostname);
            json.WriteEndObject();
        }

        json.WriteEndArray();
        json.WriteEndObject();
    });

    /// <summary>The listing filters: <c>selector</c>, <c>with_ip</c>, <c>with_hostname_prefix</c>, <c>is_online_only</c>.</summary>
    private static Func<Sensor, bool> Filter(RequestParams parameters, DateTimeOffset now)
    {
        var selector = ParseSelector(parameters.GetNonEmpty("selector"));
        var ip = parameters.GetNonEmpty("with_ip")?.Trim();
        var prefix = parameters.GetNonEmpty("with_hostname_prefix")?.Trim();
        var onlineOnly = parameters.GetBool("is_online_only") ?? false;
        return s =>
            (!onlineOnly || s.IsOnline)
            && (ip is null || HasIp(s, ip))
            && (prefix is null || s.Hostname.StartsWith(prefix, StringComparison.OrdinalIgnoreCase))
            && (selector is null || selector.Matches(s, now));
    }

    /// <summary>A selector, or null for none; 400 with the parser's message (position included) when malformed.</summary>
    public static SensorSelector? ParseSelector(string? text)
    {
        if (text is null)
        {
            return null;
        }

        try
        {
            return SensorSelector.Parse(text);
        }
        catch (SelectorException ex)
        {
            throw EmulatorException.BadRequest(ex.Message);
        }
    }

    /// <summary>Runs a scan that evaluates selector regexes; a runaway expression is a 400, not a 500.</summary>
    public static T WithRegexGuard<T>(Func<T> scan)
    {
        try
        {
            return scan();
        }
        catch (RegexMatchTimeoutException ex)
        {
            throw EmulatorException.BadRequest($"invalid selector: regular expression `{ex.Pattern}` timed out");
        }
    }

    private static bool HasIp(Sensor sensor, string ip) =>
        string.Equals(sensor.InternalIp, ip, StringComparison.OrdinalIgnoreCase)
        || string.Equals(sensor.ExternalIp, ip, StringComparison.OrdinalIgnoreCase);

    private static string EncodeToken(string sid) => Convert.ToBase64String(Encoding.UTF8.GetBytes(sid));

    /// <summary>
    /// The SID a continuation token points after (null: first page). Tolerates a '+' turned into a space and the
    /// URL-safe alphabet; anything else that is not base64 of a UUID is a 400.
    /// </summary>
    private static string? DecodeToken(string? token)
    {
        if (string.IsNullOrWhiteSpace(token))
        {
            return null;
        }

        var normalized = token.Trim().Replace(' ', '+').Replace('-', '+').Replace('_', '/');
        normalized = normalized.PadRight(normalized.Length + ((4 - (normalized.Length % 4)) % 4), '=');
        var bytes = new byte[normalized.Length];
        if (Convert.TryFromBase64String(normalized, bytes, out var written)
            && Ids.TryNormalizeUuid(Encoding.UTF8.GetString(bytes, 0, written), out var sid))
        {
            return sid;
        }

        throw EmulatorException.BadRequest("invalid continuation_token");
    }
}
