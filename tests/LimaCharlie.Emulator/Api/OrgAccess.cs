using LimaCharlie.Emulator.Auth;
using LimaCharlie.Emulator.Infrastructure;
using LimaCharlie.Emulator.State;

namespace LimaCharlie.Emulator.Api;

/// <summary>Resolution of the <c>{oid}</c> of org-scoped routes, shared by every API area.</summary>
internal static class OrgAccess
{
    /// <summary>The org named by a path OID: 400 when malformed, 404 when unknown.</summary>
    public static Organization RequireOrg(this EmulatorState state, string oid)
    {
        if (!Ids.TryNormalizeUuid(oid, out _))
        {
            throw EmulatorException.BadRequest($"invalid oid: {oid}");
        }

        return state.FindOrg(oid) ?? throw EmulatorException.NotFound("organization not found");
    }

    /// <summary>
    /// The org named by a path OID, provided the caller holds <paramref name="permission"/> on it
    /// (400 malformed, 404 unknown, 401 missing permission).
    /// </summary>
    public static Organization AuthorizeOrg(this Caller caller, EmulatorState state, string oid, string permission)
    {
        var org = state.RequireOrg(oid);
        caller.RequirePermission(org.Oid, permission);
        return org;
    }
}
