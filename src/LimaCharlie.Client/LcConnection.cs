using System;
using System.Collections.Concurrent;
using System.IO;
using System.Linq;
using System.Net.Http;
using System.Text;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using LimaCharlie.Client.Auth;
using LimaCharlie.Client.Credentials;
using LimaCharlie.Client.Http;
using LimaCharlie.Client.Json;
using LimaCharlie.Client.Logging;

namespace LimaCharlie.Client
{
    /// <summary>
    /// The engine behind a session: one credential, its token holder and the HTTP pipeline. Safe to use from many
    /// threads and runspaces at once.
    /// </summary>
    public sealed class LcConnection
    {
        public LcConnection(ApiCredential credential, LcEndpoints endpoints, SessionOptions options, string userAgent)
        {
            Credential = credential;
            Endpoints = endpoints;
            Options = options;
            Pipeline = new LcPipeline(options, userAgent);
            Minter = new JwtMinter(credential, endpoints, Pipeline);
            Tokens = new TokenHolder(Minter, () => Options.TokenRenewalMargin);
        }

        public ApiCredential Credential { get; }
        public LcEndpoints Endpoints { get; }
        public SessionOptions Options { get; }
        public LcPipeline Pipeline { get; }
        public TokenHolder Tokens { get; }
        public JwtMinter Minter { get; }

        public Guid? OrganizationId => Credential.OrganizationId;

        private volatile bool _closed;

        /// <summary>Drops the cached tokens; any later use of the connection is an error.</summary>
        public void Close()
        {
            _closed = true;
            Tokens.Clear();
        }

        private void EnsureOpen()
        {
            if (_closed)
                throw new LcConfigurationException("This session was closed by Disconnect-LcOrg.", ErrorIds.SessionClosed);
        }
        public CredentialKind Kind => Credential.Kind;

        /// <summary>
        /// The token a call without an explicit organization uses: the session's org, else (user key without org) the
        /// small <c>oid=-</c> token.
        /// </summary>
        public TokenTarget DefaultTarget => Credential.OrganizationId is { } oid ? TokenTarget.Organization(oid) : TokenTarget.UserOnly;

        /// <summary>The organization a call acts on: the one asked for, else the session's, else a clear error.</summary>
        public Guid ResolveOrganization(Guid? requested)
        {
            if (requested is { } oid && oid != Guid.Empty)
            {
                if (Kind == CredentialKind.Organization && oid != Credential.OrganizationId)
                    throw new LcConfigurationException(
                        $"This session's organization API key belongs to {Credential.OrganizationId}; it cannot act on {oid}.",
                        ErrorIds.WrongOrganization);
                return oid;
            }
            return Credential.OrganizationId ?? throw new LcConfigurationException(
                "This session uses a user key without an organization, and no -OrganizationId was given.",
                ErrorIds.OrganizationRequired);
        }

        /// <summary>The <c>oid=-</c> target of user-level calls; an organization key cannot make them.</summary>
        public TokenTarget RequireUserTarget(string what) => Kind == CredentialKind.User
            ? TokenTarget.UserOnly
            : throw new LcConfigurationException(
                $"{what} acts on behalf of a user and needs a user API key; this session uses an organization key.",
                ErrorIds.UserKeyRequired);

        public TokenTarget TargetFor(Guid organizationId) => TokenTarget.Organization(ResolveOrganization(organizationId));

        public Task<AccessToken> GetTokenAsync(TokenTarget target, ILcLog log, CancellationToken ct)
        {
            EnsureOpen();
            return Tokens.GetAsync(target, null, log, ct);
        }

        /// <summary>Mints a token outside the cache, e.g. with a custom expiry for another tool.</summary>
        public Task<AccessToken> MintAsync(TokenTarget target, DateTimeOffset? expiresAt, ILcLog log, CancellationToken ct)
        {
            EnsureOpen();
            return Minter.MintAsync(target, expiresAt, log, ct);
        }

        /// <summary>Sends a request and returns its JSON answer (an empty object for an empty body).</summary>
        public async Task<JsonElement> SendAsync(LcRequest request, ILcLog log, CancellationToken ct)
        {
            EnsureOpen();
            using var message = BuildMessage(request, log);
            var context = LcRequestContext.From(message)!;
            var method = request.Method.Method;
            var path = "/" + request.Path;
            HttpResponseMessage response;
            try
            {
                response = await Pipeline.Client(Pipeline.ApiClientName)
                    .SendAsync(message, HttpCompletionOption.ResponseHeadersRead, ct).ConfigureAwait(false);
            }
            catch (Exception e) when (e is HttpRequestException or TimeoutException or IOException && !ct.IsCancellationRequested)
            {
                throw ApiErrors.Transport(e, method, path, context.Retries);
            }

            using (response)
            {
                byte[] body;
                try
                {
                    // Already in memory: the resilience handler reads API answers whole within each attempt's time limit.
                    body = await response.Content.ReadAsByteArrayAsync(ct).ConfigureAwait(false);
                }
                catch (Exception e) when (e is HttpRequestException or IOException && !ct.IsCancellationRequested)
                {
                    throw ApiErrors.Transport(e, method, path, context.Retries);
                }
                if (!response.IsSuccessStatusCode)
                    throw ApiErrors.FromResponse(response, Text(body), method, path, context.Retries);
                var json = JsonText(body);
                if (json.Span.Trim(" \t\r\n"u8).IsEmpty)
                {
                    if (request.Method == HttpMethod.Get && !request.AcceptsAnyJson)
                        throw ApiErrors.InvalidResponse(method, path, (int)response.StatusCode, "the body is empty", null);
                    return JsonValues.EmptyObject;
                }
                JsonElement root;
                try
                {
                    using var doc = JsonDocument.Parse(json);
                    root = doc.RootElement.Clone();
                }
                catch (JsonException)
                {
                    throw ApiErrors.InvalidResponse(method, path, (int)response.StatusCode, "the body is not JSON", Text(body));
                }
                if (!request.AcceptsAnyJson && root.ValueKind is not (JsonValueKind.Object or JsonValueKind.Array))
                    throw ApiErrors.InvalidResponse(method, path, (int)response.StatusCode, "the body is JSON but neither an object nor a list", Text(body));
                return root;
            }
        }

        /// <summary>The body without a UTF-8 byte order mark, which the JSON parser does not accept.</summary>
        private static ReadOnlyMemory<byte> JsonText(byte[] body) =>
            body.AsSpan().StartsWith(Encoding.UTF8.Preamble) ? body.AsMemory(Encoding.UTF8.Preamble.Length) : body;

        private static string Text(byte[] body) => Encoding.UTF8.GetString(JsonText(body).Span);

        private readonly ConcurrentDictionary<(Guid Oid, string Service), Uri> _serviceRoots = new();

        /// <summary>
        /// The root of one of the org's regional services (<c>search</c>, <c>replay</c>...), read once per org and service
        /// from <c>GET /v1/orgs/{oid}/url</c> (no token needed) and kept for the life of the session.
        /// </summary>
        public async Task<Uri> ServiceRootAsync(Guid organizationId, string service, ILcLog log, CancellationToken ct)
        {
            if (_serviceRoots.TryGetValue((organizationId, service), out var cached)) return cached;
            var request = new LcRequest(HttpMethod.Get, LcRequest.PathOf("v1", "orgs", organizationId.ToString(), "url"), null);
            var answer = await SendAsync(request, log, ct).ConfigureAwait(false);
            var text = answer.TryProperty("url", out var urls) ? urls.String(service) : null;
            if (string.IsNullOrWhiteSpace(text))
                throw new LcApiException($"GET /{request.Path} names no '{service}' host for organization {organizationId}.", 200, null, "GET",
                    "/" + request.Path, ErrorIds.ServiceUnavailable, $"The organization's datacenter may not offer the {service} service.");
            var root = LcEndpoints.ServiceRoot(text!, $"{service} URL");
            log.Verbose($"The {service} service of organization {organizationId} is at {root.GetLeftPart(UriPartial.Authority)}.");
            return _serviceRoots.GetOrAdd((organizationId, service), root);
        }

        private HttpRequestMessage BuildMessage(LcRequest request, ILcLog log)
        {
            var root = request.Root is null ? Endpoints.ApiUrl : LcEndpoints.Validate(request.Root, "service URL");
            var url = new StringBuilder(root.AbsoluteUri).Append(request.Path);
            if (request.Query.Count > 0) url.Append('?').Append(FormBody.EncodePairs(request.Query));
            var message = new HttpRequestMessage(request.Method, new Uri(url.ToString()));
            if (request.Form is not null) message.Content = new FormBody(request.Form);
            else if (request.Json is not null) message.Content = new StringContent(request.Json, Encoding.UTF8, "application/json");
            foreach (var header in request.Headers) message.Headers.TryAddWithoutValidation(header.Key, header.Value);
            new LcRequestContext(Pipeline, log, request.Target, request.IsIdempotent, request.ToString(), Tokens).AttachTo(message);
            return message;
        }

        public override string ToString() => Credential.ToString();
    }
}
