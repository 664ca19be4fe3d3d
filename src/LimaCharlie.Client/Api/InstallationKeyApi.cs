using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Net.Http;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using LimaCharlie.Client.Auth;
using LimaCharlie.Client.Credentials;
using LimaCharlie.Client.Http;
using LimaCharlie.Client.Json;
using LimaCharlie.Client.Logging;

namespace LimaCharlie.Client.Api
{
    /// <summary>Installation keys (reference §3.4), with their odd shapes: tags as a comma-joined string, <c>created</c> as int or text.</summary>
    public sealed class InstallationKeyApi : OrganizationArea
    {
        internal InstallationKeyApi(LcOrganizationClient owner) : base(owner) { }

        private static readonly JsonFields<InstallationKey> InstallationKeyFields = new JsonFields<InstallationKey>()
            .On("iid", (k, v) => k.InstallationKeyId = JsonRead.AsGuid(v) ?? k.InstallationKeyId)
            .On("oid", (k, v) => k.OrganizationId = JsonRead.AsGuid(v) ?? k.OrganizationId)
            .On("desc", (k, v) => k.Description = JsonRead.AsString(v))
            .On("tags", (k, v) => k.Tags = v.ValueKind == JsonValueKind.String
                ? v.GetString()!.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
                : JsonRead.StringArray(v))
            .On("created", (k, v) => k.CreatedAt = JsonTimes.AsTime(v))
            .On("use_public_root_ca", (k, v) => k.UsePublicRootCa = JsonRead.AsBool(v) ?? false)
            .On("key", (k, v) => k.Key = JsonRead.AsString(v) is { } key ? ApiCredential.Secure(key) : null)
            .On("json_key", (k, v) => k.JsonKey = JsonRead.AsString(v) is { } json ? ApiCredential.Secure(json) : null);

        public async Task<InstallationKey[]> ListAsync(CancellationToken ct)
        {
            var oid = OrganizationId;
            var request = Request(HttpMethod.Get, oid);
            var answer = ApiErrors.RequireObject(await Connection.SendAsync(request, Log, ct).ConfigureAwait(false), "GET", "/" + request.Path, "a list of installation keys");
            // {"<oid>": {"<iid>": {...}}}, tolerating a flat {"<iid>": {...}} as well
            var keys = answer.TryProperty(oid.ToString(), out var byOrg) ? byOrg : answer;
            if (keys.ValueKind != JsonValueKind.Object) return Array.Empty<InstallationKey>();
            return keys.EnumerateObject()
                .Where(p => p.Value.ValueKind == JsonValueKind.Object)
                .Select(p => Parse(p.Value, oid, p.Name))
                .OrderBy(k => k.Description, StringComparer.OrdinalIgnoreCase)
                .ToArray();
        }

        public async Task<InstallationKey> GetAsync(Guid keyId, CancellationToken ct)
        {
            var oid = OrganizationId;
            var answer = await Connection.SendAsync(Request(HttpMethod.Get, oid, keyId), Log, ct).ConfigureAwait(false);
            var key = answer.TryProperty(keyId.ToString(), out var nested) ? nested : answer;
            return Parse(key, oid, keyId.ToString());
        }

        /// <summary>Creates a key, or updates the one given by <paramref name="keyId"/>; returns its id.</summary>
        public async Task<Guid> SetAsync(string description, IReadOnlyCollection<string> tags, bool usePublicRootCa, int? quota, Guid? keyId, CancellationToken ct)
        {
            var oid = OrganizationId;
            var request = Request(HttpMethod.Post, oid)
                .WithForm("desc", description)
                .WithForm("use_public_root_ca", usePublicRootCa ? "true" : "false")
                .WithForm("iid", keyId?.ToString())
                .WithForm("quota", quota?.ToString(CultureInfo.InvariantCulture));
            foreach (var tag in tags) request.WithForm("tags", tag);
            var answer = await Connection.SendAsync(request, Log, ct).ConfigureAwait(false);
            return answer.Guid("iid") ?? keyId
                ?? throw ApiErrors.InvalidResponse("POST", "/" + request.Path, 200, "it has no installation key id", answer.GetRawText());
        }

        public Task DeleteAsync(Guid keyId, CancellationToken ct)
        {
            var oid = OrganizationId;
            return Connection.SendAsync(Request(HttpMethod.Delete, oid).WithForm("iid", keyId.ToString()), Log, ct);
        }

        private static LcRequest Request(HttpMethod method, Guid oid, Guid? keyId = null) =>
            new(method, keyId is { } iid
                    ? LcRequest.PathOf("v1", "installationkeys", oid.ToString(), iid.ToString())
                    : LcRequest.PathOf("v1", "installationkeys", oid.ToString()),
                TokenTarget.Organization(oid));

        public static InstallationKey Parse(JsonElement item, Guid oid, string? name)
        {
            var key = new InstallationKey { OrganizationId = oid, InstallationKeyId = Guid.TryParse(name, out var g) ? g : Guid.Empty };
            key.AdditionalProperties = InstallationKeyFields.Read(item, key);
            return key;
        }
    }

    public static partial class OrganizationAreas
    {
        extension(LcOrganizationClient organization)
        {
            /// <summary>Installation keys.</summary>
            public InstallationKeyApi InstallationKeys => new(organization);
        }
    }
}
