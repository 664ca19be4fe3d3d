using System;
using System.Collections.Generic;
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
    /// <summary>Organization API keys (reference §3.5; permission <c>apikey.ctrl</c>), named by their hash.</summary>
    public sealed class ApiKeyApi : OrganizationArea
    {
        internal ApiKeyApi(LcOrganizationClient owner) : base(owner) { }

        private static readonly JsonFields<ApiKey> ApiKeyFields = new JsonFields<ApiKey>()
            .On("oid", (k, v) => k.OrganizationId = JsonRead.AsGuid(v) ?? k.OrganizationId)
            .On("name", (k, v) => k.Name = JsonRead.AsString(v))
            // The official CLI reads key_name too: the API has used both names.
            .On("key_name", (k, v) => k.Name ??= JsonRead.AsString(v))
            .On("priv", (k, v) => k.Permissions = JsonRead.StringArray(v))
            .On("created_at", (k, v) => k.Created = JsonTimes.AsTime(v))
            .On("by", (k, v) => k.CreatedBy = JsonRead.AsString(v))
            .On("allowed_ip_range", (k, v) => k.AllowedIpRange = JsonRead.AsString(v) is { Length: > 0 } range ? range : null)
            .On("last_used", (k, v) => k.LastUsed = JsonRead.AsLong(v) is > 0 ? JsonTimes.AsTime(v) : null);

        public async Task<ApiKey[]> ListAsync(CancellationToken ct)
        {
            var oid = OrganizationId;
            var answer = await Connection.SendAsync(Request(HttpMethod.Get, oid), Log, ct).ConfigureAwait(false);
            if (!answer.TryProperty("api_keys", out var keys) || keys.ValueKind != JsonValueKind.Object) return Array.Empty<ApiKey>();
            return keys.EnumerateObject()
                .Where(p => p.Value.ValueKind == JsonValueKind.Object)
                .Select(p => Parse(p.Value, oid, p.Name))
                .OrderBy(k => k.Created ?? DateTimeOffset.MinValue)
                .ThenBy(k => k.Name, StringComparer.OrdinalIgnoreCase)
                .ToArray();
        }

        public static ApiKey Parse(JsonElement item, Guid oid, string hash)
        {
            var key = new ApiKey { OrganizationId = oid, KeyHash = hash };
            key.AdditionalProperties = ApiKeyFields.Read(item, key);
            return key;
        }

        /// <summary>
        /// <c>POST /v1/orgs/{oid}/keys</c>, form <c>key_name</c>, <c>perms</c> comma-joined, <c>allowed_ip_range</c>.
        /// The secret is kept as a SecureString unless <paramref name="asPlainText"/>.
        /// </summary>
        public async Task<NewApiKey> CreateAsync(string name, string[] permissions, string? allowedIpRange, bool asPlainText, CancellationToken ct)
        {
            var oid = OrganizationId;
            var request = Request(HttpMethod.Post, oid)
                .WithForm("key_name", name)
                .WithForm("perms", string.Join(",", permissions))
                .WithForm("allowed_ip_range", allowedIpRange);
            var answer = await Connection.SendAsync(request, Log, ct).ConfigureAwait(false);
            var secret = answer.String("api_key") ?? answer.String("secret") ?? answer.String("key")
                ?? throw ApiErrors.InvalidResponse("POST", "/" + request.Path, 200, "it has no api_key", Redactor.RedactText(answer.GetRawText()));
            return new NewApiKey
            {
                OrganizationId = oid,
                KeyHash = answer.String("key_hash") ?? string.Empty,
                Name = name,
                Permissions = permissions,
                AllowedIpRange = allowedIpRange,
                Secret = asPlainText ? secret : ApiCredential.Secure(secret),
            };
        }

        public Task DeleteAsync(string keyHash, CancellationToken ct)
        {
            var oid = OrganizationId;
            return Connection.SendAsync(Request(HttpMethod.Delete, oid).WithForm("key_hash", keyHash), Log, ct);
        }

        private static LcRequest Request(HttpMethod method, Guid oid) =>
            new(method, LcRequest.PathOf("v1", "orgs", oid.ToString(), "keys"), TokenTarget.Organization(oid));
    }

    public static partial class OrganizationAreas
    {
        extension(LcOrganizationClient organization)
        {
            /// <summary>API keys.</summary>
            public ApiKeyApi ApiKeys => new(organization);
        }
    }
}
