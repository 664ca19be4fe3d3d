using LimaCharlie.Emulator.Api;
using LimaCharlie.Emulator.Infrastructure;
using LimaCharlie.Emulator.State;

namespace LimaCharlie.Emulator.Control;

/// <summary>Control routes to inspect groups and extension traffic (<c>/_emu/groups</c>, <c>/_emu/orgs/{oid}/extensions/...</c>).</summary>
internal static class ControlGroupsExtensions
{
    public static RouteGroupBuilder MapGroupExtensionControl(this RouteGroupBuilder emu)
    {
        emu.MapGet("/groups", (EmulatorState state) =>
            Results.Json(state.Groups.Select(g => GroupEndpoints.View(g, state)).ToList(), EmulatorJson.Wire));
        emu.MapGet("/orgs/{oid}/extensions/requests", (string oid, EmulatorState state) =>
            EmulatorJson.ControlOk(state.ExtensionRequests(state.RequireOrg(oid).Oid)));
        emu.MapGet("/orgs/{oid}/extensions/subscriptions", (string oid, EmulatorState state) =>
            EmulatorJson.ControlOk(state.Subscriptions(state.RequireOrg(oid).Oid)));
        return emu;
    }
}
