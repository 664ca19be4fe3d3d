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
    /// <summary>Outputs (reference §3.10); creation takes <c>type</c>, the listing answers it as <c>for</c>.</summary>
    public sealed class OutputApi : OrganizationArea
    {
        internal OutputApi(LcOrganizationClient owner) : base(owner) { }

        public static readonly string[] Modules =
        {
            "s3", "gcs", "pubsub", "bigquery", "scp", "sftp", "slack", "syslog", "webhook", "webhook_bulk", "smtp", "humio", "kafka",
            "azure_storage_blob", "azure_event_hub", "elastic", "tines", "torq", "datadog", "opensearch", "websocket", "telegram",
            "ms_teams", "live_stream",
        };

        public static readonly string[] DataTypes = { "event", "detect", "audit", "deployment", "artifact", "tailored", "billing" };

        private static readonly HashSet<string> SecretFieldNames = new(StringComparer.OrdinalIgnoreCase)
        {
            "password", "secret_key", "slack_api_token", "api_key", "auth_header_value", "humio_api_token", "connection_string",
            "bot_token", "webhook_url", "key_id", "secret",
        };

        public static bool IsSecretField(string name) => SecretFieldNames.Contains(name);

        public async Task<Output[]> ListAsync(CancellationToken ct)
        {
            var oid = OrganizationId;
            var answer = await Connection.SendAsync(Request(HttpMethod.Get, oid), Log, ct).ConfigureAwait(false);
            var outputs = answer.TryProperty(oid.ToString(), out var byOrg) ? byOrg : answer;
            if (outputs.ValueKind != JsonValueKind.Object) return Array.Empty<Output>();
            return outputs.EnumerateObject()
                .Where(p => p.Value.ValueKind == JsonValueKind.Object)
                .Select(p => Parse(p.Value, p.Name, oid))
                .OrderBy(o => o.Name, StringComparer.OrdinalIgnoreCase)
                .ToArray();
        }

        /// <summary>Creates (or replaces) an output; <paramref name="fields"/> are the module's settings as the API names them.</summary>
        public async Task<Output> CreateAsync(string name, string module, string dataType, IReadOnlyList<KeyValuePair<string, string>> fields, CancellationToken ct)
        {
            var oid = OrganizationId;
            var request = Request(HttpMethod.Post, oid).WithForm("name", name).WithForm("module", module).WithForm("type", dataType);
            foreach (var field in fields) request.WithForm(field.Key, field.Value);
            var answer = await Connection.SendAsync(request, Log, ct).ConfigureAwait(false);
            return answer.TryProperty("name", out _) ? Parse(answer, name, oid)
                : (await ListAsync(ct).ConfigureAwait(false)).FirstOrDefault(o => o.Name == name)
                  ?? throw ApiErrors.InvalidResponse("POST", "/" + request.Path, 200, "the output is not listed after its creation", answer.GetRawText());
        }

        public Task DeleteAsync(string name, CancellationToken ct)
        {
            var oid = OrganizationId;
            return Connection.SendAsync(Request(HttpMethod.Delete, oid).WithForm("name", name), Log, ct);
        }

        private static LcRequest Request(HttpMethod method, Guid oid) =>
            new(method, LcRequest.PathOf("v1", "outputs", oid.ToString()), TokenTarget.Organization(oid));

        public static Output Parse(JsonElement item, string name, Guid oid)
        {
            var output = new Output
            {
                Name = item.String("name") ?? name,
                OrganizationId = oid,
                Module = item.String("module"),
                DataType = item.String("for") ?? item.String("type"),
            };
            foreach (var p in item.EnumerateObject())
            {
                if (p.Name is "name" or "module" or "for" or "type" or "oid") continue;
                var value = JsonRead.AsString(p.Value) ?? (p.Value.ValueKind is JsonValueKind.Object or JsonValueKind.Array ? p.Value.GetRawText() : null);
                if (string.IsNullOrEmpty(value)) continue;
                if (IsSecretField(p.Name)) output.SecretFields[p.Name] = ApiCredential.Secure(value);
                else output.Fields[p.Name] = value;
            }
            return output;
        }
    }

    /// <summary>Organization configuration values (reference §3.11): integration keys such as vt, otx, shodan.</summary>
    public sealed class OrgValueApi : OrganizationArea
    {
        internal OrgValueApi(LcOrganizationClient owner) : base(owner) { }

        public static readonly string[] Names =
        {
            "vt", "otx", "domain", "shodan", "pagerduty", "twilio", "socprime", "alphamountain", "pangea", "hybrid_analysis", "echotrail", "greynoise",
        };

        /// <summary>The value, or null when it was never set (404).</summary>
        public async Task<OrgValue?> GetAsync(string name, CancellationToken ct)
        {
            var oid = OrganizationId;
            try
            {
                var request = Request(HttpMethod.Get, oid, name);
                var answer = ApiErrors.RequireObject(await Connection.SendAsync(request, Log, ct).ConfigureAwait(false), "GET", "/" + request.Path, "an org value");
                var value = answer.String("value");
                return new OrgValue { Name = answer.String("config") ?? name, OrganizationId = oid, Value = value is null ? null : ApiCredential.Secure(value) };
            }
            catch (LcApiException e) when (e.StatusCode == 404)
            {
                return null;
            }
        }

        public Task SetAsync(string name, System.Security.SecureString value, CancellationToken ct)
        {
            var oid = OrganizationId;
            var request = SecureText.Use(value, plain => Request(HttpMethod.Post, oid, name).WithForm("value", plain));
            request.Idempotent = true;
            return Connection.SendAsync(request, Log, ct);
        }

        private static LcRequest Request(HttpMethod method, Guid oid, string name) =>
            new(method, LcRequest.PathOf("v1", "configs", oid.ToString(), name), TokenTarget.Organization(oid));
    }

    public static partial class OrganizationAreas
    {
        extension(LcOrganizationClient organization)
        {
            /// <summary>Outputs.</summary>
            public OutputApi Outputs => new(organization);
        }
    }

    public static partial class OrganizationAreas
    {
        extension(LcOrganizationClient organization)
        {
            /// <summary>Organization values.</summary>
            public OrgValueApi Values => new(organization);
        }
    }
}
