using System;
using System.Collections.Generic;
using System.Linq;
using System.Net.Http;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using LimaCharlie.Client.Auth;
using LimaCharlie.Client.Http;
using LimaCharlie.Client.Json;
using LimaCharlie.Client.Logging;

namespace LimaCharlie.Client.Api
{
    /// <summary>Users of an organization, their roles and permissions (reference §3.6; permission <c>user.ctrl</c>).</summary>
    public sealed class UserApi : OrganizationArea
    {
        internal UserApi(LcOrganizationClient owner) : base(owner) { }

        /// <summary>
        /// <c>GET /v1/orgs/{oid}/users/permissions</c>: direct users and users reached through groups, merged into one
        /// object per email (permissions from <c>user_permissions</c>, groups named from <c>group_info</c>).
        /// </summary>
        public async Task<OrgUser[]> ListAsync(CancellationToken ct)
        {
            var oid = OrganizationId;
            var answer = await Connection.SendAsync(Request(HttpMethod.Get, oid, "users", "permissions"), Log, ct).ConfigureAwait(false);
            return Parse(answer, oid);
        }

        public static OrgUser[] Parse(JsonElement answer, Guid oid)
        {
            var users = new Dictionary<string, OrgUser>(StringComparer.OrdinalIgnoreCase);
            OrgUser UserOf(string email) =>
                users.TryGetValue(email, out var known) ? known : users[email] = new OrgUser { OrganizationId = oid, Email = email };

            if (answer.TryProperty("direct_users", out var direct) && direct.ValueKind == JsonValueKind.Array)
            {
                foreach (var item in direct.EnumerateArray().Where(i => i.ValueKind == JsonValueKind.Object))
                {
                    if (item.String("email") is not { } email) continue;
                    var user = UserOf(email);
                    user.UserId = item.String("uid");
                    user.Permissions = item.Strings("perms");
                    user.MfaEnabled = item.Bool("MFA_enabled") ?? false;
                    user.MfaTypes = item.Strings("MFA_types");
                    user.DirectAccess = true;
                }
            }

            var groupNames = new Dictionary<string, string>(StringComparer.Ordinal);
            if (answer.TryProperty("group_info", out var info) && info.ValueKind == JsonValueKind.Object)
                foreach (var group in info.EnumerateObject())
                    groupNames[group.Name] = group.Value.ValueKind == JsonValueKind.Object && group.Value.String("name") is { } name ? name : group.Name;

            if (answer.TryProperty("from_groups", out var fromGroups) && fromGroups.ValueKind == JsonValueKind.Object)
            {
                foreach (var entry in fromGroups.EnumerateObject().Where(e => e.Value.ValueKind == JsonValueKind.Object))
                {
                    var item = entry.Value;
                    var user = UserOf(item.String("email") ?? entry.Name);
                    if (item.TryProperty("groups", out var groups) && groups.ValueKind == JsonValueKind.Object)
                        user.Groups = groups.EnumerateObject()
                            .Where(g => g.Value.ValueKind != JsonValueKind.False)
                            .Select(g => groupNames.TryGetValue(g.Name, out var name) ? name : g.Name)
                            .ToArray();
                    user.MfaEnabled |= item.Bool("MFA_enabled") ?? false;
                    if (user.MfaTypes.Length == 0) user.MfaTypes = item.Strings("MFA_types");
                    user.DirectAccess |= item.Bool("hasDirectAccess") ?? false;
                }
            }

            if (answer.TryProperty("user_permissions", out var effective) && effective.ValueKind == JsonValueKind.Object)
                foreach (var entry in effective.EnumerateObject())
                    UserOf(entry.Name).Permissions = JsonRead.StringArray(entry.Value);

            return users.Values.OrderBy(u => u.Email, StringComparer.OrdinalIgnoreCase).ToArray();
        }

        /// <summary><c>POST /v1/orgs/{oid}/users</c>: adds the user with a role, inviting an email that has no account yet.</summary>
        public Task AddAsync(string email, OrgRole role, CancellationToken ct)
        {
            var oid = OrganizationId;
            return Connection.SendAsync(Request(HttpMethod.Post, oid, "users")
                .WithForm("email", email).WithForm("role", role.ToString()).WithForm("invite_missing", "true"), Log, ct);
        }

        public Task RemoveAsync(string email, CancellationToken ct)
        {
            var oid = OrganizationId;
            return Connection.SendAsync(Request(HttpMethod.Delete, oid, "users").WithForm("email", email), Log, ct);
        }

        /// <summary><c>PUT /v1/orgs/{oid}/users/role</c> with a JSON body; returns the permissions the role gave.</summary>
        public async Task<string[]> SetRoleAsync(string email, OrgRole role, CancellationToken ct)
        {
            var oid = OrganizationId;
            var request = Request(HttpMethod.Put, oid, "users", "role");
            request.Json = JsonSerializer.Serialize(new Dictionary<string, string> { ["email"] = email, ["role"] = role.ToString() });
            var answer = await Connection.SendAsync(request, Log, ct).ConfigureAwait(false);
            return answer.Strings("permissions");
        }

        /// <summary>Grants (POST) or revokes (DELETE) one permission: <c>/v1/orgs/{oid}/users/permissions</c>, form <c>email</c>, <c>perm</c>.</summary>
        public Task SetPermissionAsync(string email, string permission, bool grant, CancellationToken ct)
        {
            var oid = OrganizationId;
            return Connection.SendAsync(Request(grant ? HttpMethod.Post : HttpMethod.Delete, oid, "users", "permissions")
                .WithForm("email", email).WithForm("perm", permission), Log, ct);
        }

        private static LcRequest Request(HttpMethod method, Guid oid, params string[] tail) =>
            new(method, LcRequest.PathOf(new[] { "v1", "orgs", oid.ToString() }.Concat(tail).ToArray()), TokenTarget.Organization(oid));
    }

    public static partial class OrganizationAreas
    {
        extension(LcOrganizationClient organization)
        {
            /// <summary>Users and their permissions.</summary>
            public UserApi Users => new(organization);
        }
    }
}
