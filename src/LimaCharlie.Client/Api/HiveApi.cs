using System;
using System.Collections.Generic;
using System.Linq;
using System.Net.Http;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Threading;
using System.Threading.Tasks;
using LimaCharlie.Client.Auth;
using LimaCharlie.Client.Credentials;
using LimaCharlie.Client.Http;
using LimaCharlie.Client.Json;
using LimaCharlie.Client.Logging;

namespace LimaCharlie.Client.Api
{
    /// <summary>A change to a record's user metadata; what is left null stays as it is.</summary>
    public sealed class HiveMetadataChange
    {
        public bool? Enabled { get; set; }
        /// <summary>A new expiry; <see cref="DateTimeOffset.MinValue"/> clears it (never expires).</summary>
        public DateTimeOffset? Expiry { get; set; }
        public string[]? Tags { get; set; }
        public string? Comment { get; set; }

        public bool IsEmpty => Enabled is null && Expiry is null && Tags is null && Comment is null;
    }

    /// <summary>
    /// The Hive (reference §3.9): <c>/v1/hive/{hive}/{oid}[/{key}[/data|mtd|rename]]</c>, keys percent-encoded with no safe
    /// characters. Writes keep the record's metadata unless told otherwise, and new records are enabled unless asked
    /// not to be (the service would silently create them disabled).
    /// </summary>
    public sealed class HiveApi : OrganizationArea
    {
        internal HiveApi(LcOrganizationClient owner) : base(owner) { }

        /// <summary>The hive whose records hold secrets (<c>{"secret": "..."}</c>); they are returned as SecureString.</summary>
        public const string SecretHive = "secret";

        /// <summary>The hive names the official CLI knows (reference §3.9).</summary>
        public static readonly IReadOnlyList<string> KnownHives = new[]
        {
            "dr-general", "dr-managed", "dr-service", "fp", "cloud_sensor", "extension_config", "yara", "lookup", "secret", "query",
            "playbook", "ai_agent", "ai_skill", "ai_memory", "external_adapter", "sop", "org_notes", "app", "ai_cost_model", "model",
        };

        public async Task<T[]> ListAsync<T>(string hive, CancellationToken ct)
            where T : HiveRecord, new()
        {
            var oid = OrganizationId;
            var request = Request(HttpMethod.Get, oid, hive);
            var answer = ApiErrors.RequireObject(await SendAsync(request, hive, ct).ConfigureAwait(false), "GET", "/" + request.Path, "a list of records");
            return answer.EnumerateObject()
                .Where(p => p.Value.ValueKind == JsonValueKind.Object)
                .Select(p => Fill(new T(), p.Value, hive, p.Name, oid))
                .OrderBy(r => r.Key, StringComparer.Ordinal)
                .ToArray();
        }

        public async Task<T> GetAsync<T>(string hive, string key, bool metadataOnly, CancellationToken ct) where T : HiveRecord, new()
        {
            var oid = OrganizationId;
            var request = Request(HttpMethod.Get, oid, hive, key, metadataOnly ? "mtd" : "data");
            var answer = ApiErrors.RequireObject(await SendAsync(request, hive, ct).ConfigureAwait(false), "GET", "/" + request.Path, "a record");
            var record = Fill(new T(), answer, hive, key, oid);
            if (metadataOnly) record.Data = null;
            return record;
        }

        /// <summary>The record, or null when it does not exist.</summary>
        public async Task<HiveRecord?> FindAsync(string hive, string key, CancellationToken ct)
        {
            try
            {
                return await GetAsync<HiveRecord>(hive, key, metadataOnly: true, ct).ConfigureAwait(false);
            }
            catch (LcApiException e) when (e.StatusCode == 404)
            {
                return null;
            }
        }

        /// <summary>
        /// Writes a record: its data (JSON text) and/or metadata. The current metadata is read first and merged with the
        /// change; the write carries the record's etag (the one given, else the one just read), so a concurrent change
        /// makes it fail with <c>LimaCharlie.EtagMismatch</c> instead of being overwritten.
        /// </summary>
        public async Task SetAsync(string hive, string key, string? dataJson, HiveMetadataChange change, string? etag, CancellationToken ct)
        {
            var oid = OrganizationId;
            var current = await FindAsync(hive, key, ct).ConfigureAwait(false);
            if (current is null && dataJson is null)
                throw new LcApiException($"The record '{key}' does not exist in hive '{hive}', and no data was given to create it.", 404,
                    "RECORD_NOT_FOUND", "POST", $"/v1/hive/{hive}/{oid}/{key}", ErrorIds.NotFound, "Give -Data to create the record.");

            var metadata = Merge(current, change);
            var request = Request(HttpMethod.Post, oid, hive, key, dataJson is null ? "mtd" : "data")
                .WithForm("data", dataJson)
                .WithForm("usr_mtd", metadata.ToJsonString())
                .WithForm("etag", etag ?? current?.Etag);
            await SendAsync(request, hive, ct).ConfigureAwait(false);
        }

        /// <summary>
        /// Asks the API whether a record's data would be accepted (<c>POST .../{key}/validate</c>), writing nothing; a
        /// refusal is <c>LimaCharlie.InvalidRule</c> naming the record and where it came from.
        /// </summary>
        public async Task ValidateAsync(string hive, string key, string dataJson, string origin, CancellationToken ct)
        {
            var oid = OrganizationId;
            var request = Request(HttpMethod.Post, oid, hive, key, "validate").WithForm("data", dataJson);
            request.Idempotent = true;
            try
            {
                await SendAsync(request, hive, ct).ConfigureAwait(false);
            }
            catch (LcApiException e) when (e.StatusCode == 400)
            {
                throw new LcConfigurationException($"The rule '{key}' in {origin} is not valid: the API refused it: {e.ApiMessage}. Nothing was written for it.",
                    ErrorIds.InvalidRule, "Fix the rule, or skip the check with -SkipValidation.", e);
            }
        }

        public Task RenameAsync(string hive, string key, string newName, CancellationToken ct)
        {
            var oid = OrganizationId;
            return SendAsync(Request(HttpMethod.Post, oid, hive, key, "rename").WithQuery("new_name", newName), hive, ct);
        }

        public Task DeleteAsync(string hive, string key, CancellationToken ct)
        {
            var oid = OrganizationId;
            return SendAsync(Request(HttpMethod.Delete, oid, hive, key), hive, ct);
        }

        /// <summary>
        /// Sends a hive request. The API checks the permission <c>&lt;hive&gt;.get</c> (or .set, .del) before it looks at the
        /// hive, so a misspelt hive name comes back as a missing permission; for a name that is not a known hive, that
        /// answer is reported as the unknown hive it most likely is.
        /// </summary>
        private async Task<JsonElement> SendAsync(LcRequest request, string hive, CancellationToken ct)
        {
            try
            {
                return await Connection.SendAsync(request, Log, ct).ConfigureAwait(false);
            }
            catch (LcApiException e) when (e.StatusCode is 401 or 403 && IsUnknown(hive) && ApiErrors.IsPermissionRefusal(e.ApiMessage))
            {
                throw UnknownHive(hive, e);
            }
        }

        /// <summary>Whether a hive name is none of the known ones.</summary>
        public static bool IsUnknown(string hive) => !KnownHives.Contains(hive, StringComparer.Ordinal);

        private static LcApiException UnknownHive(string hive, LcApiException refused)
        {
            var close = NameSuggestions.Closest(hive, KnownHives);
            var message = $"'{hive}' is not a hive this module knows, and the API refused it as a missing permission " +
                          $"({refused.ApiMessage}), which is also its answer for a hive that does not exist. Known hives: " +
                          $"{string.Join(", ", KnownHives)}. If '{hive}' is a hive added since, the key lacks the permission the API named.";
            var action = close.Length > 0
                ? $"Did you mean {string.Join(" or ", close.Select(c => $"'{c}'"))}? (Tab after -Hive completes the names.)"
                : "Give one of the known hive names (Tab after -Hive completes them).";
            return new LcApiException(message, refused.StatusCode, refused.ApiMessage, refused.Method, refused.Path, ErrorIds.HiveNotFound,
                action, refused.Retries, refused);
        }

        private static JsonObject Merge(HiveRecord? current, HiveMetadataChange change)
        {
            var enabled = change.Enabled ?? current?.Enabled ?? true;
            var expiry = change.Expiry is { } e ? (e == DateTimeOffset.MinValue ? 0 : e.ToUnixTimeMilliseconds())
                : current?.Expiry?.ToUnixTimeMilliseconds() ?? 0;
            var tags = change.Tags ?? current?.Tags ?? Array.Empty<string>();
            var metadata = new JsonObject
            {
                ["enabled"] = enabled,
                ["expiry"] = expiry,
                ["tags"] = new JsonArray(tags.Select(t => (JsonNode?)JsonValue.Create(t)).ToArray()),
            };
            var comment = change.Comment ?? current?.Comment;
            if (comment is not null) metadata["comment"] = comment;
            // The API replaces usr_mtd whole: a write that left them out would remove the record's web app actions.
            if (current?.UiActions is { } actions) metadata["ui_actions"] = JsonNode.Parse(JsonSerializer.Serialize(actions));
            return metadata;
        }

        private static LcRequest Request(HttpMethod method, Guid oid, string hive, string? key = null, string? target = null)
        {
            var segments = new List<string> { "v1", "hive", hive, oid.ToString() };
            if (key is not null) segments.Add(key);
            if (target is not null) segments.Add(target);
            var request = new LcRequest(method, LcRequest.PathOf(segments.ToArray()), TokenTarget.Organization(oid));
            if (method == HttpMethod.Post && target is "data" or "mtd") request.Idempotent = true; // the etag makes a repeat fail, not double-apply
            return request;
        }

        public static T Fill<T>(T target, JsonElement record, string hive, string key, Guid oid) where T : HiveRecord
        {
            var usr = record.TryProperty("usr_mtd", out var u) ? u : JsonValues.EmptyObject;
            var sys = record.TryProperty("sys_mtd", out var s) ? s : JsonValues.EmptyObject;
            target.Hive = hive;
            target.Key = key;
            target.PartitionKey = oid.ToString();
            target.OrganizationId = oid;
            target.Data = record.TryProperty("data", out var d) && d.ValueKind == JsonValueKind.Object
                ? (IDictionary<string, object?>?)JsonValues.ToObject(d)
                : null;
            if (hive == SecretHive && target.Data is { } data && data.TryGetValue("secret", out var secret) && secret is string plain)
                data["secret"] = ApiCredential.Secure(plain);
            target.Enabled = usr.Bool("enabled") ?? false;
            target.Expiry = usr.Long("expiry") is > 0 and var ms ? DateTimeOffset.FromUnixTimeMilliseconds(ms) : null;
            target.Tags = usr.Strings("tags");
            target.Comment = usr.String("comment");
            target.UiActions = usr.TryProperty("ui_actions", out var actions) && actions.ValueKind == JsonValueKind.Array
                ? (object?[]?)JsonValues.ToObject(actions)
                : null;
            target.Etag = sys.String("etag");
            target.Guid = sys.String("guid");
            target.CreatedBy = sys.String("created_by");
            target.CreatedAt = sys.Time("created_at");
            target.LastAuthor = sys.String("last_author");
            target.LastModified = sys.Time("last_mod");
            target.LastError = sys.String("last_error") is { Length: > 0 } err ? err : null;
            return target;
        }
    }

    public static partial class OrganizationAreas
    {
        extension(LcOrganizationClient organization)
        {
            /// <summary>The Hive config store.</summary>
            public HiveApi Hive => new(organization);
        }
    }
}
