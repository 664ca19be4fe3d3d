using LimaCharlie.Emulator.Api;
using LimaCharlie.Emulator.Infrastructure;
using LimaCharlie.Emulator.State;

namespace LimaCharlie.Emulator.Control;

/// <summary>Control routes for hive records, outputs and org values (<c>/_emu/orgs/{oid}/...</c>).</summary>
internal static class ControlConfigs
{
    public static RouteGroupBuilder MapConfigControl(this RouteGroupBuilder emu)
    {
        emu.MapGet("/orgs/{oid}/hive/{hive}", (string oid, string hive, EmulatorState state, HttpContext context) =>
            Wire(HiveViews.Records(state.HiveRecords(oid, RawPath.Segment(context, 4, hive)))));
        emu.MapPost("/orgs/{oid}/hive/{hive}/{key}", SeedRecord);
        emu.MapGet("/orgs/{oid}/outputs", (string oid, EmulatorState state) => Wire(HiveViews.Outputs(state.Outputs(oid))));
        emu.MapGet("/orgs/{oid}/configs", (string oid, EmulatorState state) => Wire(state.OrgValues(oid)));
        return emu;
    }

    /// <summary>Body: <see cref="HiveRecordSeed"/> (<c>{"data"?, "enabled"?, "tags"?, "comment"?, "expiry"?}</c>); answer: the stored Record.</summary>
    private static async Task<IResult> SeedRecord(string oid, string hive, string key, HttpContext context, EmulatorState state)
    {
        var seed = await ControlBody.ReadAsync<HiveRecordSeed>(context);
        var record = state.SetHiveRecord(oid, RawPath.Segment(context, 4, hive), RawPath.Segment(context, 5, key), seed);
        return Wire(HiveViews.Record(record));
    }

    /// <summary>Wire-shaped (snake_case) bodies: these mirror the API's own views.</summary>
    private static IResult Wire(object value) => Results.Json(value, EmulatorJson.Wire);
}
