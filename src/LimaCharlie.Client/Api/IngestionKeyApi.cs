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
    public sealed class IngestionKeyApi : OrganizationArea
    {
        internal IngestionKeyApi(LcOrganizationClient owner) : base(owner) { }

        public async Task<IngestionKey[]> ListAsync(bool asPlainText, CancellationToken ct)
        {
            var oid = OrganizationId;
            var answer = await Connection.SendAsync(Request(HttpMethod.Get, oid), Log, ct).ConfigureAwait(false);
            if (!answer.TryProperty("keys", out var keys) || keys.ValueKind != JsonValueKind.Object) return Array.Empty<IngestionKey>();
            return keys.EnumerateObject()
                .Select(p => Key(oid, p.Name, JsonRead.AsString(p.Value), asPlainText))
                .OrderBy(k => k.Name, StringComparer.OrdinalIgnoreCase)
                .ToArray();
        }

        /// <summary><c>POST</c>, form <c>name</c>: creates the key, or gives an existing name a new key.</summary>
        public async Task<IngestionKey> SetAsync(string name, bool asPlainText, CancellationToken ct)
        {
            var oid = OrganizationId;
            var answer = await Connection.SendAsync(Request(HttpMethod.Post, oid).WithForm("name", name), Log, ct).ConfigureAwait(false);
            return Key(oid, answer.String("name") ?? name, answer.String("key"), asPlainText);
        }

        /// <summary><c>DELETE</c> with the name in the query (not the body), as the reference sends it.</summary>
        public Task DeleteAsync(string name, CancellationToken ct)
        {
            var oid = OrganizationId;
            return Connection.SendAsync(Request(HttpMethod.Delete, oid).WithQuery("name", name), Log, ct);
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

    public static partial class OrganizationAreas
    {
        extension(LcOrganizationClient organization)
        {
            /// <summary>Ingestion keys.</summary>
            public IngestionKeyApi IngestionKeys => new(organization);
        }
    }
}
