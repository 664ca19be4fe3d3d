using LimaCharlie.Emulator.Infrastructure;
using LimaCharlie.Emulator.State;

namespace LimaCharlie.Emulator.Control;

/// <summary>Control routes for artifacts and payloads (<c>/_emu/orgs/{oid}/artifacts|payloads</c>, <c>/_emu/files/settings</c>).</summary>
internal static class ControlFiles
{
    public static RouteGroupBuilder MapFileControl(this RouteGroupBuilder emu)
    {
        emu.MapPost("/orgs/{oid}/artifacts", async (string oid, HttpContext context, EmulatorState state) =>
        {
            var made = state.AddArtifacts(oid, await ControlBody.ReadAsync<ArtifactRequest>(context));
            return EmulatorJson.ControlOk(new Dictionary<string, object> { ["count"] = made.Count, ["artifacts"] = made.Select(ArtifactView) });
        });
        emu.MapGet("/orgs/{oid}/artifacts", (string oid, EmulatorState state) =>
        {
            state.StoreFor(oid);
            return EmulatorJson.ControlOk(state.Artifacts(oid).Select(ArtifactView));
        });
        emu.MapGet("/orgs/{oid}/payloads", (string oid, EmulatorState state) =>
        {
            var store = state.StoreFor(oid);
            return EmulatorJson.ControlOk(state.Payloads(store.Oid).Select(p => new Dictionary<string, object?>
            {
                ["name"] = p.Name,
                ["size"] = p.Content.Length,
                ["by"] = p.By,
                ["created"] = p.Created.ToUnixTimeSeconds(),
                ["sha256"] = p.Sha256,
            }));
        });
        emu.MapGet("/files/settings", (EmulatorState state) => EmulatorJson.ControlOk(state.FilesSettings));
        emu.MapPost("/files/settings", async (HttpContext context, EmulatorState state) =>
            EmulatorJson.ControlOk(state.UpdateFileSettings(await ControlBody.ReadAsync<FileSettings>(context))));
        return emu;
    }

    private static Dictionary<string, object?> ArtifactView(ArtifactRecord a) => new()
    {
        ["payloadId"] = a.PayloadId,
        ["sid"] = a.Sid,
        ["hostname"] = a.Hostname,
        ["path"] = a.Path,
        ["source"] = a.Source,
        ["hint"] = a.Hint,
        ["size"] = a.Content.Length,
        ["time"] = a.TimeMs / 1000,
        ["sha256"] = a.Sha256,
    };
}
