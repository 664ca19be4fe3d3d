using LimaCharlie.Emulator.Api;
using LimaCharlie.Emulator.Infrastructure;
using LimaCharlie.Emulator.State;

namespace LimaCharlie.Emulator.Control;

/// <summary>Control routes for sensors, tasks and installation keys (<c>/_emu/orgs/{oid}/...</c>).</summary>
internal static class ControlSensors
{
    /// <summary>Seeding answers list the SIDs only up to this many sensors.</summary>
    public const int MaxListedSids = 1000;

    public static RouteGroupBuilder MapSensorControl(this RouteGroupBuilder emu)
    {
        emu.MapPost("/orgs/{oid}/sensors", Seed);
        emu.MapGet("/orgs/{oid}/sensors", Count);
        emu.MapGet("/orgs/{oid}/sensors/{sid}", (string oid, string sid, EmulatorState state) =>
            EmulatorJson.ControlOk(SensorView(RequireSensor(state, oid, sid), state.Time.GetUtcNow())));
        emu.MapPost("/orgs/{oid}/sensors/{sid}", Update);
        emu.MapDelete("/orgs/{oid}/sensors/{sid}", (string oid, string sid, EmulatorState state) =>
            state.DeleteSensor(RequireSensor(state, oid, sid).Sid) ? EmulatorJson.Success() : throw EmulatorState.SensorNotFound());

        emu.MapGet("/orgs/{oid}/tasks", (string oid, EmulatorState state) => EmulatorJson.ControlOk(state.Tasks(oid)));
        emu.MapDelete("/orgs/{oid}/tasks", (string oid, EmulatorState state) =>
        {
            state.ClearTasks(oid);
            return EmulatorJson.Success();
        });

        emu.MapGet("/orgs/{oid}/installationkeys", (string oid, EmulatorState state) =>
            EmulatorJson.ControlOk(state.InstallationKeys(oid)));
        return emu;
    }

    /// <summary>Body: <see cref="SensorSeedRequest"/>. Answer: <c>{"count": n, "sids": [...]}</c> (sids only when n ≤ 1000).</summary>
    private static async Task<IResult> Seed(string oid, HttpContext context, EmulatorState state)
    {
        var body = await ControlBody.ReadAsync<SensorSeedRequest>(context);
        var result = state.SeedSensors(oid, body);
        return EmulatorJson.ControlOk(result.Count <= MaxListedSids
            ? new Dictionary<string, object> { ["count"] = result.Count, ["sids"] = result.Sids }
            : new Dictionary<string, object> { ["count"] = result.Count });
    }

    /// <summary><c>?tag=t</c> and/or <c>?selector=expr</c> (both optional): <c>{"count": n}</c> of matching sensors.</summary>
    private static IResult Count(string oid, RequestParams parameters, EmulatorState state)
    {
        var tag = parameters.GetNonEmpty("tag");
        var selector = SensorEndpoints.ParseSelector(parameters.GetNonEmpty("selector"));
        int count;
        if (selector is null)
        {
            count = state.CountSensors(oid, tag);
        }
        else
        {
            var now = state.Time.GetUtcNow();
            count = SensorEndpoints.WithRegexGuard(() =>
                state.StoreFor(oid).CountWhere(s => (tag is null || s.HasTag(tag, now)) && selector.Matches(s, now)));
        }

        return EmulatorJson.ControlOk(new Dictionary<string, int> { ["count"] = count });
    }

    /// <summary>Body: <see cref="SensorUpdate"/>. Answer: the sensor's state.</summary>
    private static async Task<IResult> Update(string oid, string sid, HttpContext context, EmulatorState state)
    {
        var sensor = RequireSensor(state, oid, sid);
        var body = await ControlBody.ReadAsync<SensorUpdate>(context);
        return EmulatorJson.ControlOk(SensorView(state.UpdateSensor(sensor.Sid, body), state.Time.GetUtcNow()));
    }

    private static Sensor RequireSensor(EmulatorState state, string oid, string sid)
    {
        var store = state.StoreFor(oid);
        var sensor = state.FindSensor(sid);
        return sensor is not null && sensor.Oid == store.Oid ? sensor : throw EmulatorState.SensorNotFound();
    }

    /// <summary>Everything the emulator holds about a sensor, including stored tags with their expiry.</summary>
    private static Dictionary<string, object?> SensorView(Sensor s, DateTimeOffset now) => new()
    {
        ["sid"] = s.Sid,
        ["oid"] = s.Oid,
        ["iid"] = s.Iid,
        ["did"] = s.Did,
        ["hostname"] = s.Hostname,
        ["plat"] = s.Platform,
        ["platName"] = SensorPlatforms.Name(s.Platform),
        ["extPlat"] = s.ExtendedPlatform,
        ["arch"] = s.Architecture,
        ["archName"] = SensorArchitectures.Name(s.Architecture),
        ["intIp"] = s.InternalIp,
        ["extIp"] = s.ExternalIp,
        ["macAddr"] = s.MacAddress,
        ["enroll"] = s.Enrolled,
        ["alive"] = s.Alive,
        ["isOnline"] = s.IsOnline,
        ["isIsolated"] = s.IsIsolated,
        ["shouldIsolate"] = s.ShouldIsolate,
        ["isSealed"] = s.IsSealed,
        ["shouldSeal"] = s.ShouldSeal,
        ["kernel"] = s.Kernel,
        ["tags"] = s.Tags.Values.OrderBy(t => t.Tag, StringComparer.Ordinal).Select(t => new Dictionary<string, object?>
        {
            ["tag"] = t.Tag,
            ["by"] = t.By,
            ["added"] = t.Added,
            ["expires"] = t.Expires,
            ["active"] = t.IsActiveAt(now),
        }).ToList(),
    };
}
