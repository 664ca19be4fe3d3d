using LimaCharlie.Emulator.Auth;
using LimaCharlie.Emulator.Infrastructure;

namespace LimaCharlie.Emulator.State;

/// <summary>
/// Groups (guarded by the org/user lock). Only a group's owners see or change it; everyone else gets 404, as if it did
/// not exist. The group's permissions are stored and shown but not given to its members (not modelled).
/// </summary>
public sealed partial class EmulatorState
{
    private readonly Dictionary<string, Group> _groups = new(StringComparer.Ordinal);

    /// <summary>Every group, oldest first.</summary>
    public IReadOnlyList<Group> Groups
    {
        get
        {
            lock (_gate)
            {
                return _groups.Values.OrderBy(g => g.Created).ToList();
            }
        }
    }

    /// <summary>The groups <paramref name="uid"/> owns, oldest first.</summary>
    public IReadOnlyList<Group> GroupsOwnedBy(string uid)
    {
        lock (_gate)
        {
            return _groups.Values.Where(g => g.OwnerUids.Contains(uid)).OrderBy(g => g.Created).ToList();
        }
    }

    /// <summary>Creates a group owned by <paramref name="uid"/>.</summary>
    public Group CreateGroup(string uid, string name)
    {
        if (string.IsNullOrWhiteSpace(name))
        {
            throw EmulatorException.BadRequest("name is required");
        }

        lock (_gate)
        {
            RequireUserLocked(uid);
            var group = new Group(Ids.NewUuid(), name.Trim(), [uid], [], [], [], Time.GetUtcNow());
            _groups.Add(group.Gid, group);
            return group;
        }
    }

    /// <summary>The group if <paramref name="uid"/> owns it; 404 otherwise (also for a malformed id).</summary>
    public Group RequireOwnedGroup(string uid, string gid)
    {
        lock (_gate)
        {
            return OwnedGroupLocked(uid, gid);
        }
    }

    public void DeleteGroup(string uid, string gid)
    {
        lock (_gate)
        {
            _groups.Remove(OwnedGroupLocked(uid, gid).Gid);
        }
    }

    /// <summary>
    /// Adds a user, by e-mail, to the members or owners. An unknown address is 404 unless <paramref name="invite"/>, which
    /// creates an invited user with it.
    /// </summary>
    public Group AddGroupUser(string uid, string gid, string email, bool owner, bool invite)
    {
        lock (_gate)
        {
            var group = OwnedGroupLocked(uid, gid);
            var user = UserByEmailLocked(email);
            if (user is null)
            {
                if (!invite)
                {
                    throw EmulatorException.NotFound($"no user with email {email.Trim()} (set invite_missing=true to invite)");
                }

                user = new User(Ids.NewUid(), email.Trim());
                _users.Add(user.Uid, user);
            }

            group = owner
                ? group with { OwnerUids = Add(group.OwnerUids, user.Uid) }
                : group with { MemberUids = Add(group.MemberUids, user.Uid) };
            _groups[gid] = group;
            return group;
        }
    }

    /// <summary>Removes a user from the members or owners; 404 when not there, 400 for the last owner.</summary>
    public Group RemoveGroupUser(string uid, string gid, string email, bool owner)
    {
        lock (_gate)
        {
            var group = OwnedGroupLocked(uid, gid);
            var user = UserByEmailLocked(email);
            var list = owner ? group.OwnerUids : group.MemberUids;
            if (user is null || !list.Contains(user.Uid))
            {
                throw EmulatorException.NotFound($"{email.Trim()} is not {(owner ? "an owner" : "a member")} of the group");
            }

            if (owner && list.Count == 1)
            {
                throw EmulatorException.BadRequest("a group needs at least one owner");
            }

            var rest = list.Where(u => u != user.Uid).ToList();
            group = owner ? group with { OwnerUids = rest } : group with { MemberUids = rest };
            _groups[gid] = group;
            return group;
        }
    }

    /// <summary>Adds an organization; the caller needs <c>user.ctrl</c> on it now (401 otherwise, 404 unknown org).</summary>
    public Group AddGroupOrg(string uid, string gid, string oid)
    {
        lock (_gate)
        {
            var group = OwnedGroupLocked(uid, gid);
            var org = RequireOrgLocked(oid);
            var grant = _grants.GetValueOrDefault(uid)?.GetValueOrDefault(org.Oid);
            if (grant is null || !grant.Perms.Contains(OrgPermissions.UserCtrl, StringComparer.Ordinal))
            {
                throw EmulatorException.Unauthorized($"unauthorized: missing permission {OrgPermissions.UserCtrl} on organization {org.Oid}");
            }

            group = group with { Oids = Add(group.Oids, org.Oid) };
            _groups[gid] = group;
            return group;
        }
    }

    /// <summary>Removes an organization; 404 when the group does not have it.</summary>
    public Group RemoveGroupOrg(string uid, string gid, string oid)
    {
        lock (_gate)
        {
            var group = OwnedGroupLocked(uid, gid);
            if (!Ids.TryNormalizeUuid(oid, out var normalized) || !group.Oids.Contains(normalized))
            {
                throw EmulatorException.NotFound($"organization {oid} is not in the group");
            }

            group = group with { Oids = group.Oids.Where(o => o != normalized).ToList() };
            _groups[gid] = group;
            return group;
        }
    }

    /// <summary>Replaces the permission set; 400 for a name that is not an organization permission.</summary>
    public Group SetGroupPermissions(string uid, string gid, IEnumerable<string> perms)
    {
        var list = perms.Distinct(StringComparer.Ordinal).ToList();
        var unknown = list.FirstOrDefault(p => !OrgPermissions.All.Contains(p, StringComparer.Ordinal));
        if (unknown is not null)
        {
            throw EmulatorException.BadRequest($"unknown permission '{unknown}'");
        }

        lock (_gate)
        {
            var group = OwnedGroupLocked(uid, gid) with { Perms = list };
            _groups[gid] = group;
            return group;
        }
    }

    /// <summary>The e-mail of a user id (the id itself when unknown).</summary>
    public string EmailOf(string uid)
    {
        lock (_gate)
        {
            return _users.GetValueOrDefault(uid)?.Email ?? uid;
        }
    }

    private void ResetGroups()
    {
        lock (_gate)
        {
            _groups.Clear();
        }
    }

    private Group OwnedGroupLocked(string uid, string gid)
    {
        if (!Ids.TryNormalizeUuid(gid, out var normalized) || !_groups.TryGetValue(normalized, out var group) || !group.OwnerUids.Contains(uid))
        {
            throw EmulatorException.NotFound("group not found");
        }

        return group;
    }

    private User? UserByEmailLocked(string email)
    {
        if (string.IsNullOrWhiteSpace(email))
        {
            throw EmulatorException.BadRequest("member_email is required");
        }

        var wanted = email.Trim();
        return _users.Values.FirstOrDefault(u => string.Equals(u.Email, wanted, StringComparison.OrdinalIgnoreCase));
    }

    private static List<string> Add(IReadOnlyList<string> list, string item) => list.Contains(item) ? [.. list] : [.. list, item];
}
