using System;
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
    /// <summary>Ingestion keys (reference §3.18; permission <c>ingestkey.ctrl</c>). Keys are secrets: SecureString unless asked otherwise.</summary>
    public static class IngestionKeyApi
    {
        public static async Task<IngestionKey[]> ListAsync(LcConnection connection, Guid? organizationId, bool asPlainText, ILcLog log, CancellationToken ct)
        {
            var oid = connection.ResolveOrganization(organizationId);
            var answer = await connection.SendAsync(Request(HttpMethod.Get, oid), log, ct).ConfigureAwait(false);
            if (!answer.TryProperty("keys", out var keys) || keys.ValueKind != JsonValueKind.Object) return Array.Empty<IngestionKey>();
            return keys.EnumerateObject()
                .Select(p => Key(oid, p.Name, JsonRead.AsString(p.Value), asPlainText))
                .OrderBy(k => k.Name, StringComparer.OrdinalIgnoreCase)
                .ToArray();
        }

        /// <summary><c>POST</c>, form <c>name</c>: creates the key, or gives an existing name a new key.</summary>
        public static async Task<IngestionKey> SetAsync(LcConnection connection, Guid? organizationId, string name, bool asPlainText, ILcLog log, CancellationToken ct)
        {
            var oid = connection.ResolveOrganization(organizationId);
            var answer = await connection.SendAsync(Request(HttpMethod.Post, oid).WithForm("name", name), log, ct).ConfigureAwait(false);
            return Key(oid, answer.String("name") ?? name, answer.String("key"), asPlainText);
        }

        /// <summary><c>DELETE</c> with the name in the query (not the body), as the reference sends it.</summary>
        public static Task DeleteAsync(LcConnection connection, Guid? organizationId, string name, ILcLog log, CancellationToken ct)
        {
            var oid = connection.ResolveOrganization(organizationId);
            return connection.SendAsync(Request(HttpMethod.Delete, oid).WithQuery("name", name), log, ct);
        }

        private static IngestionKey Key(Guid oid, string name, string? key, bool asPlainText) => new()
        {
            OrganizationId = oid,
            Name = name,
            Key = key is null ? null : asPlainText ? key : ApiCredential.Secure(key),
        };

        private static LcRequest Request(HttpMethod method, Guid oid) =>
            new(method, LcRequest.PathOf("v1", "insight", oid.ToString(), "ingestion_keys"), TokenTarget.Organization(oid));
    }
}
