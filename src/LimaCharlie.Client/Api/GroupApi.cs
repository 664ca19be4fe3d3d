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
    /// <summary>Groups (reference §3.1): user-scoped, so every call needs a user key and goes with the <c>oid=-</c> token.</summary>
    public sealed class GroupApi : AccountArea
    {
        internal GroupApi(LcAccountClient owner) : base(owner) { }

        private static readonly JsonFields<Group> SummaryFields = new JsonFields<Group>()
            .On("gid", (g, v) => g.GroupId = JsonRead.AsGuid(v) ?? g.GroupId)
            .On("group_id", (g, v) => g.GroupId = g.GroupId != Guid.Empty ? g.GroupId : JsonRead.AsGuid(v) ?? Guid.Empty)
            .On("name", (g, v) => g.Name = JsonRead.AsString(v));

        private static readonly JsonFields<Group> GroupFields = new JsonFields<Group>()
            .On("group_id", (g, v) => g.GroupId = JsonRead.AsGuid(v) ?? g.GroupId)
            .On("gid", (g, v) => g.GroupId = g.GroupId != Guid.Empty ? g.GroupId : JsonRead.AsGuid(v) ?? Guid.Empty)
            .On("name", (g, v) => g.Name = JsonRead.AsString(v))
            .On("owners", (g, v) => g.Owners = Emails(v))
            .On("members", (g, v) => g.Members = Emails(v))
            .On("orgs", (g, v) => g.Organizations = Organizations(v))
            .On("perms", (g, v) => g.Permissions = JsonRead.StringArray(v));

        /// <summary>The groups the user owns, as the list gives them: id and name only.</summary>
        public async Task<Group[]> ListAsync(CancellationToken ct)
        {
            var request = new LcRequest(HttpMethod.Get, "v1/groups", Target());
            var answer = await Connection.SendAsync(request, Log, ct).ConfigureAwait(false);
            if (!answer.TryProperty("groups", out var groups) || groups.ValueKind != JsonValueKind.Array) return Array.Empty<Group>();
            return groups.EnumerateArray().Select(g =>
            {
                var group = new Group();
                group.AdditionalProperties = SummaryFields.Read(g, group);
                return group;
            }).ToArray();
        }

        public async Task<Group> GetAsync(Guid groupId, CancellationToken ct)
        {
            var request = new LcRequest(HttpMethod.Get, LcRequest.PathOf("v1", "groups", groupId.ToString()), Target());
            var answer = await Connection.SendAsync(request, Log, ct).ConfigureAwait(false);
            var group = answer.TryProperty("group", out var g) ? g : answer;
            if (group.ValueKind != JsonValueKind.Object)
                throw ApiErrors.InvalidResponse("GET", "/" + request.Path, 200, "it describes no group", answer.GetRawText());
            return Parse(group, groupId);
        }

        /// <summary>Creates a group (the caller becomes its owner) and returns its id.</summary>
        public async Task<Guid> CreateAsync(string name, CancellationToken ct)
        {
            var request = new LcRequest(HttpMethod.Post, "v1/groups", Target()).WithForm("name", name);
            var answer = await Connection.SendAsync(request, Log, ct).ConfigureAwait(false);
            var data = answer.TryProperty("data", out var d) ? d : answer;
            return data.Guid("gid") ?? data.Guid("group_id")
                ?? throw ApiErrors.InvalidResponse("POST", "/v1/groups", 200, "the answer has no group id", answer.GetRawText());
        }

        public Task DeleteAsync(Guid groupId, CancellationToken ct) =>
            Connection.SendAsync(new LcRequest(HttpMethod.Delete, LcRequest.PathOf("v1", "groups", groupId.ToString()), Target()), Log, ct);

        /// <summary>Adds a member, or an owner, by e-mail; <paramref name="invite"/> creates an invitation for an unknown address.</summary>
        public Task AddMemberAsync(Guid groupId, string email, bool owner, bool invite, CancellationToken ct) =>
            Connection.SendAsync(MemberRequest(HttpMethod.Post, groupId, email, owner).WithForm("invite_missing", invite ? "true" : null), Log, ct);

        public Task RemoveMemberAsync(Guid groupId, string email, bool owner, CancellationToken ct) =>
            Connection.SendAsync(MemberRequest(HttpMethod.Delete, groupId, email, owner), Log, ct);

        /// <summary>Adds an organization to the group (the caller needs <c>user.ctrl</c> on it).</summary>
        public Task AddOrganizationAsync(Guid groupId, Guid organizationId, CancellationToken ct) =>
            Connection.SendAsync(OrgRequest(HttpMethod.Post, groupId, organizationId), Log, ct);

        public Task RemoveOrganizationAsync(Guid groupId, Guid organizationId, CancellationToken ct) =>
            Connection.SendAsync(OrgRequest(HttpMethod.Delete, groupId, organizationId), Log, ct);

        /// <summary>Replaces the group's permission set (repeated <c>perm</c>; none clears it).</summary>
        public Task SetPermissionsAsync(Guid groupId, IEnumerable<string> permissions, CancellationToken ct)
        {
            var request = new LcRequest(HttpMethod.Post, LcRequest.PathOf("v1", "groups", groupId.ToString(), "permissions"), Target())
            {
                Form = new List<KeyValuePair<string, string>>(),
            };
            foreach (var perm in Permissions.Normalize(permissions)) request.WithForm("perm", perm);
            return Connection.SendAsync(request, Log, ct);
        }

        private TokenTarget Target() => Connection.RequireUserTarget("Managing groups");

        private LcRequest MemberRequest(HttpMethod method, Guid groupId, string email, bool owner)
        {
            if (string.IsNullOrWhiteSpace(email) || !email.Contains('@'))
                throw new ArgumentException($"'{email}' is not an e-mail address; group members and owners are named by their e-mail.");
            return new LcRequest(method, LcRequest.PathOf("v1", "groups", groupId.ToString(), owner ? "owners" : "users"), Target())
                .WithForm("member_email", email.Trim());
        }

        private LcRequest OrgRequest(HttpMethod method, Guid groupId, Guid organizationId) =>
            new LcRequest(method, LcRequest.PathOf("v1", "groups", groupId.ToString(), "orgs"), Target())
                .WithForm("oid", organizationId.ToString());

        /// <summary>Members as e-mail strings, or as objects carrying an <c>email</c>.</summary>
        private static string[] Emails(JsonElement list) =>
            list.ValueKind == JsonValueKind.Array
                ? list.EnumerateArray().Select(m => m.ValueKind == JsonValueKind.Object ? m.String("email") : JsonRead.AsString(m))
                    .Where(m => m is not null).Select(m => m!).ToArray()
                : Array.Empty<string>();

        /// <summary>Organizations as ids, or as objects with an id and a name; their group is set once the group's id is read.</summary>
        private static GroupOrganization[] Organizations(JsonElement list) =>
            list.ValueKind == JsonValueKind.Array
                ? list.EnumerateArray().Select(org => org.ValueKind == JsonValueKind.String
                        ? new GroupOrganization { OrganizationId = Guid.TryParse(org.GetString(), out var g) ? g : Guid.Empty }
                        : new GroupOrganization { OrganizationId = org.Guid("org_id") ?? org.Guid("oid") ?? Guid.Empty, Name = org.String("org_name") ?? org.String("name") })
                    .ToArray()
                : Array.Empty<GroupOrganization>();

        public static Group Parse(JsonElement item, Guid groupId)
        {
            var group = new Group();
            group.AdditionalProperties = GroupFields.Read(item, group);
            if (group.GroupId == Guid.Empty) group.GroupId = groupId;
            foreach (var org in group.Organizations) org.GroupId = group.GroupId;
            return group;
        }
    }

    public static partial class AccountAreas
    {
        extension(LcAccountClient account)
        {
            /// <summary>Groups.</summary>
            public GroupApi Groups => new(account);
        }
    }
}
