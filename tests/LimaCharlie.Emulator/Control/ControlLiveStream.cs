using System.Text.Json.Nodes;
using LimaCharlie.Emulator.Infrastructure;
using LimaCharlie.Emulator.State;

namespace LimaCharlie.Emulator.Control;

/// <summary>Control routes of the live stream (<c>/_emu/orgs/{oid}/stream</c>): its settings and faults, its figures, and publishing a record into it.</summary>
internal static class ControlLiveStream
{
    public static RouteGroupBuilder MapLiveStreamControl(this RouteGroupBuilder emu)
    {
        emu.MapPost("/orgs/{oid}/stream", async (string oid, HttpContext context, EmulatorState state) =>
        {
            state.SetLiveStream(oid, await ControlBody.ReadAsync<LiveStreamSettings>(context));
            return EmulatorJson.ControlOk(View(oid, state));
        });
        emu.MapGet("/orgs/{oid}/stream", (string oid, EmulatorState state) => EmulatorJson.ControlOk(View(oid, state)));
        emu.MapPost("/orgs/{oid}/stream/publish", async (string oid, HttpContext context, EmulatorState state) =>
        {
            var body = await ControlBody.ReadAsync<PublishRequest>(context);
            if (body.Record is null)
            {
                throw EmulatorException.BadRequest("'record' (a JSON object) is required");
            }

            return EmulatorJson.ControlOk(new { subscribers = state.PublishLive(oid, body.Type ?? "event", body.Record) });
        });
        return emu;
    }

    private static object View(string oid, EmulatorState state)
    {
        var (connections, open, sent, dropped, segments) = state.LiveStreamStats(oid);
        return new { settings = state.LiveStreamSettingsOf(oid), connections, open, sent, dropped, segments };
    }

    private sealed record PublishRequest
    {
        public string? Type { get; init; }

        public JsonObject? Record { get; init; }
    }
}
