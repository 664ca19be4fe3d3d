using LimaCharlie.Emulator.Api;
using LimaCharlie.Emulator.Infrastructure;
using LimaCharlie.Emulator.State;

namespace LimaCharlie.Emulator.Control;

/// <summary>Control routes for what tasks leave behind: reliable tasks held, and the records sensors sent for live streams.</summary>
internal static class ControlTasks
{
    public static RouteGroupBuilder MapTaskControl(this RouteGroupBuilder emu)
    {
        emu.MapGet("/orgs/{oid}/reliabletasks", (string oid, EmulatorState state) =>
            EmulatorJson.ControlOk(state.ReliableTasks(state.RequireOrg(oid).Oid).Select(t => t.ToWire())));
        emu.MapGet("/orgs/{oid}/liverecords", (string oid, RequestParams parameters, EmulatorState state) =>
            EmulatorJson.ControlOk(state.LiveRecords.Records(state.RequireOrg(oid).Oid, parameters.GetNonEmpty("type"))));
        emu.MapDelete("/orgs/{oid}/liverecords", (string oid, EmulatorState state) =>
        {
            state.LiveRecords.Clear(state.RequireOrg(oid).Oid);
            return EmulatorJson.Success();
        });
        emu.MapPost("/orgs/{oid}/taskanswers", async (string oid, HttpContext context, EmulatorState state) =>
        {
            var body = await ControlBody.ReadAsync<TaskAnswerSettings>(context);
            var org = state.RequireOrg(oid).Oid;
            state.SetTaskAnswerDelay(org, body.DelayMs ?? 0);
            return EmulatorJson.ControlOk(new { delayMs = state.TaskAnswerDelay(org) });
        });
        return emu;
    }

    private sealed record TaskAnswerSettings
    {
        public int? DelayMs { get; init; }
    }
}
