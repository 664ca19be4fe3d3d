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
    /// <summary>Extensions (reference §3.17): definitions, an organization's subscriptions, and requests to an extension.</summary>
    public sealed class ExtensionApi : OrganizationArea
    {
        internal ExtensionApi(LcOrganizationClient owner) : base(owner) { }

        // The name comes from the definition's key (or name/ext_name in a list, see Definitions): it is not kept again.
        private static readonly JsonFields<Extension> DefinitionFields = new JsonFields<Extension>()
            .On("name", (_, _) => { })
            .On("ext_name", (_, _) => { })
            .On("label", (e, v) => e.Label = JsonRead.AsString(v))
            .On("description", (e, v) => e.Description = JsonRead.AsString(v))
            .On("short_description", (e, v) => e.Description ??= JsonRead.AsString(v))
            .On("tags", (e, v) => e.Tags = JsonRead.StringArray(v))
            .On("required_permissions", (e, v) => e.Permissions = JsonRead.StringArray(v) is { Length: > 0 } p ? p : e.Permissions)
            .On("permissions", (e, v) => e.Permissions = e.Permissions.Length > 0 ? e.Permissions : JsonRead.StringArray(v));

        /// <summary>
        /// Every extension the caller can see, each marked with whether the organization is subscribed;
        /// a subscription without a visible definition is listed too. Sorted by name.
        /// </summary>
        public async Task<Extension[]> ListAsync(CancellationToken ct)
        {
            var oid = OrganizationId;
            var target = TokenTarget.Organization(oid);
            var definitions = await Connection.SendAsync(new LcRequest(HttpMethod.Get, "v1/extension/definition", target), Log, ct).ConfigureAwait(false);
            var subscriptions = await SubscriptionsAsync(ct).ConfigureAwait(false);
            var result = new SortedDictionary<string, Extension>(StringComparer.OrdinalIgnoreCase);
            foreach (var (name, definition) in Definitions(definitions))
                result[name] = Parse(name, definition, oid);
            foreach (var (name, subscription) in subscriptions)
            {
                if (!result.TryGetValue(name, out var extension))
                    result[name] = extension = new Extension { Name = name, OrganizationId = oid };
                extension.Subscribed = true;
                extension.Subscription = subscription.ValueKind == JsonValueKind.Object
                    ? subscription.Properties()
                    : new Dictionary<string, object?>();
            }
            return result.Values.ToArray();
        }

        /// <summary>The organization's subscriptions: extension name → the API's record of it.</summary>
        public async Task<IReadOnlyList<(string Name, JsonElement Subscription)>> SubscriptionsAsync(CancellationToken ct)
        {
            var oid = OrganizationId;
            var request = new LcRequest(HttpMethod.Get, LcRequest.PathOf("v1", "orgs", oid.ToString(), "subscriptions"), TokenTarget.Organization(oid));
            var answer = await Connection.SendAsync(request, Log, ct).ConfigureAwait(false);
            var map = answer.TryProperty("subscriptions", out var nested) && nested.ValueKind == JsonValueKind.Object ? nested : answer;
            return map.ValueKind == JsonValueKind.Object
                ? map.EnumerateObject().Select(p => (p.Name, p.Value)).ToList()
                : Array.Empty<(string, JsonElement)>();
        }

        /// <summary>The definitions of the answer, whether it is an object keyed by name or an array of objects with a name.</summary>
        public static IEnumerable<(string Name, JsonElement Definition)> Definitions(JsonElement answer)
        {
            if (answer.ValueKind == JsonValueKind.Array)
            {
                foreach (var item in answer.EnumerateArray())
                    if ((item.String("name") ?? item.String("ext_name")) is { Length: > 0 } name) yield return (name, item);
                yield break;
            }
            if (answer.ValueKind != JsonValueKind.Object) yield break;
            if (answer.TryProperty("extensions", out var wrapped) && wrapped.ValueKind is JsonValueKind.Array or JsonValueKind.Object)
            {
                foreach (var pair in Definitions(wrapped)) yield return pair;
                yield break;
            }
            foreach (var p in answer.EnumerateObject())
                if (p.Value.ValueKind == JsonValueKind.Object) yield return (p.Name, p.Value);
        }

        public static Extension Parse(string name, JsonElement definition, Guid oid)
        {
            var extension = new Extension { Name = name, OrganizationId = oid, HasDefinition = true };
            extension.Definition = DefinitionFields.Read(definition, extension);
            return extension;
        }

        public Task SubscribeAsync(string name, CancellationToken ct) =>
            SendSubscription(HttpMethod.Post, name, ct);

        public Task UnsubscribeAsync(string name, CancellationToken ct) =>
            SendSubscription(HttpMethod.Delete, name, ct);

        private Task SendSubscription(HttpMethod method, string name, CancellationToken ct)
        {
            var oid = OrganizationId;
            var request = new LcRequest(method, LcRequest.PathOf("v1", "orgs", oid.ToString(), "subscription", "extension", RequireName(name)),
                TokenTarget.Organization(oid));
            return Connection.SendAsync(request, Log, ct);
        }

        /// <summary>
        /// Sends one request to an extension (<c>POST /v1/extension/request/{name}</c>, form <c>oid</c>, <c>action</c>, and
        /// <c>data</c> as JSON text or <c>gzdata</c> as base64 of its gzip). Never retried: an extension action is not
        /// idempotent. The extension's error comes back as a 400 (500 when it may succeed later: the gateway passes on
        /// the extension's own answer, sdk/extensions.py:110); an envelope with an <c>error</c> in a 200 is read alike.
        /// Either becomes an <see cref="LcApiException"/> (<c>LimaCharlie.ExtensionError</c> / <c>ExtensionRetry</c>).
        /// </summary>
        public async Task<JsonElement> RequestAsync(string name, string action, string dataJson, bool compress, CancellationToken ct)
        {
            var oid = OrganizationId;
            if (string.IsNullOrWhiteSpace(action)) throw new ArgumentException("-Action is required: the extension's action to run.");
            var request = new LcRequest(HttpMethod.Post, LcRequest.PathOf("v1", "extension", "request", RequireName(name)), TokenTarget.Organization(oid))
                .WithForm("oid", oid.ToString())
                .WithForm("action", action)
                .WithForm(compress ? "gzdata" : "data", compress ? CompressedJson.Encode(dataJson) : dataJson);
            JsonElement answer;
            try
            {
                answer = await Connection.SendAsync(request, Log, ct).ConfigureAwait(false);
            }
            catch (LcApiException e) when (e.ApiMessage?.Contains("not subscribed", StringComparison.OrdinalIgnoreCase) == true)
            {
                throw new LcApiException(e.Message, e.StatusCode, e.ApiMessage, e.Method, e.Path, ErrorIds.ExtensionNotSubscribed,
                    $"Subscribe the organization first: Add-LcExtensionSubscription -Name {name} -OrganizationId {oid}.", e.Retries, e);
            }
            catch (LcApiException e) when (e.StatusCode is 400 or 500)
            {
                throw Failure(name, action, "/" + request.Path, e.ApiMessage, retry: e.StatusCode == 500, e.StatusCode, e);
            }
            return Unwrap(answer, name, action, "/" + request.Path);
        }

        /// <summary>The <c>data</c> of an extension envelope; its <c>error</c> or <c>retry</c> as an exception.</summary>
        public static JsonElement Unwrap(JsonElement answer, string name, string action, string path)
        {
            var error = answer.String("error");
            var retry = answer.Bool("retry") ?? false;
            if (retry || !string.IsNullOrWhiteSpace(error)) throw Failure(name, action, path, error, retry, 200, null);
            return answer.TryProperty("data", out var data) ? data : JsonValues.EmptyObject;
        }

        private static LcApiException Failure(string name, string action, string path, string? error, bool retry, int status, LcApiException? inner) =>
            retry
                ? new LcApiException($"The extension {name} asks for action '{action}' to be sent again later" +
                    (string.IsNullOrWhiteSpace(error) ? "." : $": {error}"), status, error, "POST", path, ErrorIds.ExtensionRetry,
                    retries: inner?.Retries ?? 0, inner: inner)
                : new LcApiException($"The extension {name} failed action '{action}'" + (string.IsNullOrWhiteSpace(error) ? "." : $": {error}"),
                    status, error, "POST", path, ErrorIds.ExtensionError,
                    retries: inner?.Retries ?? 0, inner: inner);

        private static string RequireName(string name) =>
            string.IsNullOrWhiteSpace(name) ? throw new ArgumentException("An extension name is required, e.g. ext-reliable-tasking.") : name.Trim();
    }

    public static partial class OrganizationAreas
    {
        extension(LcOrganizationClient organization)
        {
            /// <summary>Extensions: subscriptions and requests.</summary>
            public ExtensionApi Extensions => new(organization);
        }
    }
}
