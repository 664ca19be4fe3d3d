using System.Collections.Concurrent;
using System.Net;
using LimaCharlie.Emulator.Auth;
using LimaCharlie.Emulator.Infrastructure;

namespace LimaCharlie.Emulator.State;

/// <summary>A member of an org: the user and the grant (permissions) on that org.</summary>
public sealed record OrgMember(User User, OrgGrant Grant);

/// <summary>What <see cref="EmulatorState.AddOrgMember"/> did: the grant, and whether an invitation was sent.</summary>
public sealed record MemberAdded(OrgMember Member, string Role, bool InviteSent);

/// <summary>
/// Access administration of an org (limacharlie-api.md §3.5, §3.6, §3.18): members are users holding a grant on
/// the org (guarded by <c>_gate</c>); org API keys are ordinary keys of the state, named by their hash; ingestion
/// keys live per org.
/// </summary>
public sealed partial class EmulatorState
{
    private readonly ConcurrentDictionary<string, DateTimeOffset> _keyLastUsed = new(StringComparer.Ordinal);
    private readonly Dictionary<string, SortedDictionary<string, string>> _ingestionKeys = new(StringComparer.Ordinal);

    private void ResetAccess()
    {
        _keyLastUsed.Clear();
        lock (_gate)
        {
            _ingestionKeys.Clear();
        }
    }

    // ---- Members -----------------------------------------------------------------------------------------------

    /// <summary>The users holding a grant on the org, by email.</summary>
    public IReadOnlyList<OrgMember> OrgMembers(string oid)
    {
        lock (_gate)
        {
            var org = RequireOrgLocked(oid);
            return _grants
                .Where(g => g.Value.ContainsKey(org.Oid) && _users.ContainsKey(g.Key))
                .Select(g => new OrgMember(_users[g.Key], g.Value[org.Oid]))
                .OrderBy(m => m.User.Email, StringComparer.OrdinalIgnoreCase)
                .ToList();
        }
    }

    /// <summary>The user with this email (any case), or null.</summary>
    public User? FindUserByEmail(string email)
    {
        lock (_gate)
        {
            return FindUserByEmailLocked(email);
        }
    }

    /// <summary>
    /// Gives the user with <paramref name="email"/> the permissions of <paramref name="role"/> on the org (replacing
    /// any earlier grant). An unknown email is invited (a new user is created) when <paramref name="inviteMissing"/>,
    /// else 404.
    /// </summary>
    public MemberAdded AddOrgMember(string oid, string email, string role, bool inviteMissing)
    {
        var canonical = OrgRoles.Canonical(role);
        var perms = OrgRoles.Permissions(canonical);
        RequireEmail(email);
        lock (_gate)
        {
            var org = RequireOrgLocked(oid);
            var user = FindUserByEmailLocked(email);
            var invited = false;
            if (user is null)
            {
                if (!inviteMissing)
                {
                    throw EmulatorException.NotFound($"user not found: {email}");
                }

                user = new User(Ids.NewUid(), email.Trim());
                _users.Add(user.Uid, user);
                invited = true;
            }

            var grant = GrantLocked(user.Uid, org.Oid, perms, canonical == OrgRoles.Owner);
            return new MemberAdded(new OrgMember(user, grant), canonical, invited);
        }
    }

    /// <summary>Removes the user's grant on the org; 404 when the email is not a member.</summary>
    public void RemoveOrgMember(string oid, string email)
    {
        lock (_gate)
        {
            var member = RequireMemberLocked(oid, email);
            _grants[member.User.Uid].Remove(member.Grant.Oid);
        }
    }

    /// <summary>Replaces the member's permissions with those of the role; 404 when not a member, 400 unknown role.</summary>
    public OrgGrant SetOrgRole(string oid, string email, string role)
    {
        var canonical = OrgRoles.Canonical(role);
        lock (_gate)
        {
            var member = RequireMemberLocked(oid, email);
            return GrantLocked(member.User.Uid, member.Grant.Oid, OrgRoles.Permissions(canonical), canonical == OrgRoles.Owner);
        }
    }

    /// <summary>Adds (or with <paramref name="grant"/> false, removes) one permission of a member.</summary>
    public OrgGrant SetOrgPermission(string oid, string email, string permission, bool grant)
    {
        if (!OrgPermissions.IsKnown(permission))
        {
            throw EmulatorException.BadRequest($"unknown permission: {permission}");
        }

        lock (_gate)
        {
            var member = RequireMemberLocked(oid, email);
            var perms = member.Grant.Perms.Where(p => p != permission).ToList();
            if (grant)
            {
                perms.Add(permission);
            }

            return GrantLocked(member.User.Uid, member.Grant.Oid, perms, member.Grant.IsOwner);
        }
    }

    // ---- Org API keys ------------------------------------------------------------------------------------------

    /// <summary>The org's API keys that are not revoked, oldest first.</summary>
    public IReadOnlyList<ApiKey> OrgApiKeys(string oid)
    {
        var org = FindOrg(oid) ?? throw EmulatorException.NotFound("organization not found");
        return Keys.Where(k => k.Kind == ApiKeyKind.Org && k.Oid == org.Oid && !k.Revoked).ToList();
    }

    /// <summary>When a token was last minted from the key, or null.</summary>
    public DateTimeOffset? KeyLastUsed(string keyId) => _keyLastUsed.TryGetValue(keyId, out var at) ? at : null;

    /// <summary>
    /// Creates an org key as <c>POST /v1/orgs/{oid}/keys</c> does: a name, known permissions (400 otherwise) and an
    /// optional CIDR (400 when malformed). The key mints tokens carrying exactly these permissions.
    /// </summary>
    public ApiKey CreateApiKey(string oid, string name, IReadOnlyList<string> perms, string? allowedIpRange, string createdBy)
    {
        if (string.IsNullOrWhiteSpace(name))
        {
            throw EmulatorException.BadRequest("key_name is required");
        }

        var unknown = perms.Where(p => !OrgPermissions.IsKnown(p)).ToList();
        if (unknown.Count > 0)
        {
            throw EmulatorException.BadRequest($"unknown permission: {string.Join(", ", unknown)}");
        }

        if (allowedIpRange is not null && !IPNetwork.TryParse(allowedIpRange, out _))
        {
            throw EmulatorException.BadRequest($"invalid allowed_ip_range: {allowedIpRange} (expected a CIDR such as 10.0.0.0/8)");
        }

        return CreateKey(new KeySpec
        {
            Kind = ApiKeyKind.Org, Oid = oid, Name = name, Perms = perms, AllowedIpRange = allowedIpRange,
            CreatedBy = createdBy,
        });
    }

    /// <summary>Revokes the org key with this hash (it disappears from the listing); 404 when none.</summary>
    public void DeleteApiKey(string oid, string hash)
    {
        var key = OrgApiKeys(oid).FirstOrDefault(k => k.Hash.Equals(hash.Trim(), StringComparison.OrdinalIgnoreCase))
            ?? throw EmulatorException.NotFound("api key not found");
        RevokeKey(key.Id);
    }

    // ---- Ingestion keys ----------------------------------------------------------------------------------------

    /// <summary>The org's ingestion keys: name → key (a UUID).</summary>
    public IReadOnlyDictionary<string, string> IngestionKeys(string oid)
    {
        lock (_gate)
        {
            var org = RequireOrgLocked(oid);
            return _ingestionKeys.TryGetValue(org.Oid, out var keys)
                ? new Dictionary<string, string>(keys, StringComparer.Ordinal)
                : new Dictionary<string, string>(StringComparer.Ordinal);
        }
    }

    /// <summary>Creates the named ingestion key, or resets it to a new key; returns the key.</summary>
    public string SetIngestionKey(string oid, string name)
    {
        if (string.IsNullOrWhiteSpace(name))
        {
            throw EmulatorException.BadRequest("name is required");
        }

        lock (_gate)
        {
            var org = RequireOrgLocked(oid);
            if (!_ingestionKeys.TryGetValue(org.Oid, out var keys))
            {
                keys = new SortedDictionary<string, string>(StringComparer.Ordinal);
                _ingestionKeys.Add(org.Oid, keys);
            }

            return keys[name] = Ids.NewUuid();
        }
    }

    /// <summary>Deletes the named ingestion key; 404 when unknown.</summary>
    public void DeleteIngestionKey(string oid, string name)
    {
        lock (_gate)
        {
            var org = RequireOrgLocked(oid);
            if (!_ingestionKeys.TryGetValue(org.Oid, out var keys) || !keys.Remove(name))
            {
                throw EmulatorException.NotFound($"ingestion key not found: {name}");
            }
        }
    }

    // ---- Helpers -----------------------------------------------------------------------------------------------

    private static void RequireEmail(string email)
    {
        if (string.IsNullOrWhiteSpace(email))
        {
            throw EmulatorException.BadRequest("email is required");
        }
    }

    private User? FindUserByEmailLocked(string email) =>
        _users.Values.FirstOrDefault(u => u.Email.Equals(email.Trim(), StringComparison.OrdinalIgnoreCase));

    private OrgMember RequireMemberLocked(string oid, string email)
    {
        RequireEmail(email);
        var org = RequireOrgLocked(oid);
        var user = FindUserByEmailLocked(email);
        if (user is null || !_grants.TryGetValue(user.Uid, out var byOrg) || !byOrg.TryGetValue(org.Oid, out var grant))
        {
            throw EmulatorException.NotFound($"user not found in organization: {email}");
        }

        return new OrgMember(user, grant);
    }
}
