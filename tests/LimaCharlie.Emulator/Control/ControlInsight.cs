using LimaCharlie.Emulator.Infrastructure;
using LimaCharlie.Emulator.State;

namespace LimaCharlie.Emulator.Control;

/// <summary>Control routes registering generated Insight data (<c>/_emu/orgs/{oid}/telemetry|detections|audit</c>).</summary>
internal static class ControlInsight
{
    public static RouteGroupBuilder MapInsightControl(this RouteGroupBuilder emu)
    {
        emu.MapPost("/orgs/{oid}/telemetry", async (string oid, HttpContext context, EmulatorState state) =>
        {
            var seg = state.RegisterTelemetry(oid, await ControlBody.ReadAsync<TelemetryRequest>(context));
            return EmulatorJson.ControlOk(View(seg, new Dictionary<string, object?> { ["sid"] = seg.Sid, ["eventTypes"] = seg.EventTypes, ["seed"] = seg.Seed }));
        });
        emu.MapGet("/orgs/{oid}/telemetry/{sid}", (string oid, string sid, EmulatorState state) =>
        {
            state.StoreFor(oid);
            return EmulatorJson.ControlOk(state.Telemetry(sid).Select(seg =>
                View(seg, new Dictionary<string, object?> { ["sid"] = seg.Sid, ["eventTypes"] = seg.EventTypes, ["seed"] = seg.Seed })));
        });
        emu.MapPost("/orgs/{oid}/detections", async (string oid, HttpContext context, EmulatorState state) =>
        {
            var seg = state.GenerateDetections(oid, await ControlBody.ReadAsync<DetectionRequest>(context));
            return EmulatorJson.ControlOk(View(seg, new Dictionary<string, object?> { ["categories"] = seg.Categories, ["sensors"] = seg.Sensors.Count }));
        });
        emu.MapPost("/orgs/{oid}/audit", async (string oid, HttpContext context, EmulatorState state) =>
        {
            var seg = state.GenerateAudit(oid, await ControlBody.ReadAsync<AuditRequest>(context));
            return EmulatorJson.ControlOk(View(seg, new Dictionary<string, object?> { ["sensors"] = seg.Sensors.Count }));
        });
        emu.MapPost("/orgs/{oid}/iocs", async (string oid, HttpContext context, EmulatorState state) =>
            EmulatorJson.ControlOk(new { count = state.AddIocSightings(oid, await ControlBody.ReadAsync<IocSeedRequest>(context)).Count }));
        return emu;
    }

    private static Dictionary<string, object?> View(InsightSegment seg, Dictionary<string, object?> extra)
    {
        var view = new Dictionary<string, object?>
        {
            ["ordinal"] = seg.Ordinal,
            ["count"] = seg.Count,
            ["start"] = seg.StartMs / 1000,
            ["end"] = seg.EndMs / 1000,
        };
        foreach (var (k, v) in extra)
        {
            view[k] = v;
        }

        return view;
    }
}
