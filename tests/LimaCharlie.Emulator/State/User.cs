namespace LimaCharlie.Emulator.State;

/// <summary>A user account (the owner of user API keys).</summary>
public sealed record User(string Uid, string Email);

/// <summary>A user's access to one organization.</summary>
public sealed record OrgGrant(string Uid, string Oid, IReadOnlyList<string> Perms, bool IsOwner);

/// <summary>An organization as seen by one user: the org plus that user's grant.</summary>
public sealed record UserOrgAccess(Organization Org, OrgGrant Grant);
