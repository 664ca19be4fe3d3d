using System.Buffers.Binary;
using System.Globalization;
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
        emu.MapGet("/orgs/{oid}/telemetry/{sid}/digest", (string oid, string sid, long start, long end, EmulatorState state) =>
        {
            state.StoreFor(oid);
            var (count, idSum) = TelemetryDigest(state.Telemetry(sid), start * 1000, end * 1000);
            return EmulatorJson.ControlOk(new Dictionary<string, object?> { ["count"] = count, ["idSum"] = idSum.ToString(CultureInfo.InvariantCulture) });
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

    /// <summary>
    /// The number of events of [startMs, endMs) and the wrapping sum of their ids (each id's 16 bytes, as
    /// <c>Guid.ToByteArray</c> gives them, read as two little-endian 64-bit numbers): a client that received each event
    /// exactly once computes the same pair without keeping the ids.
    /// </summary>
    private static (long Count, ulong IdSum) TelemetryDigest(IReadOnlyList<TelemetrySegment> segments, long startMs, long endMs)
    {
        long count = 0;
        ulong sum = 0;
        Span<byte> bytes = stackalloc byte[16];
        foreach (var seg in segments)
        {
            for (var i = seg.LowerBound(startMs); i < seg.LowerBound(endMs); i++)
            {
                Guid.Parse(InsightHash.UuidOf(seg.HashOf(i))).TryWriteBytes(bytes);
                sum += BinaryPrimitives.ReadUInt64LittleEndian(bytes) + BinaryPrimitives.ReadUInt64LittleEndian(bytes[8..]);
                count++;
            }
        }

        return (count, sum);
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
