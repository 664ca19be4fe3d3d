using System;
using System.Collections.Generic;
using System.IO;
using System.Net.Http;
using System.Net.Http.Headers;
using System.Runtime.CompilerServices;
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
            Services = new ServiceMap(this);
        }

        public ApiCredential Credential { get; }
        public LcEndpoints Endpoints { get; }
        public SessionOptions Options { get; }
        public LcPipeline Pipeline { get; }
        public TokenHolder Tokens { get; }
        public JwtMinter Minter { get; }
        /// <summary>Where each service of the session and its organizations lives.</summary>
        public ServiceMap Services { get; }

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

        /// <summary>The target of a token for all of the user's organizations (minted without <c>oid</c>); an organization key has none.</summary>
        public TokenTarget RequireAllOrganizationsTarget(string what)
        {
            RequireUserTarget(what);
            return TokenTarget.AllOrganizations;
        }

        /// <summary>The engine bound to an organization (the session's own when null) and a caller's log.</summary>
        public LcOrganizationClient Organization(Guid? organizationId, ILcLog? log = null) => new(this, organizationId, log);

        /// <summary>The engine for groups, organizations and identity, bound to a caller's log.</summary>
        public LcAccountClient Account(ILcLog? log = null) => new(this, log);

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
                    throw Refusal(request, response, Text(body), method, path, context.Retries);
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
                    var error = ApiErrors.InvalidResponse(method, path, (int)response.StatusCode,
                        $"the body is not JSON{(response.Content.Headers.ContentType?.MediaType is { } type ? $" ({type})" : string.Empty)}", Text(body));
                    if (!request.AcceptsAnyJson) throw error;
                    throw new LcApiException(error.Message, error.StatusCode, error.ApiMessage, method, path, error.Kind,
                        "Read the answer as text (Invoke-LcApi -Raw) or write it to a file (Invoke-LcApi -OutFile).", error.Retries);
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

        /// <summary>
        /// Sends a request whose answer is a stream of records (newline-delimited JSON) and returns each record as it
        /// arrives, for as long as the server sends (<see cref="LcAnswerMode.Stream"/>: the silence between two records is
        /// limited by <see cref="SessionOptions.Timeout"/>; the caller ends the stream by cancelling). Blank lines are skipped.
        /// </summary>
        public async IAsyncEnumerable<JsonElement> ReadRecordsAsync(LcRequest request, ILcLog log, [EnumeratorCancellation] CancellationToken ct)
        {
            var (response, context) = await OpenAsync(request, LcAnswerMode.Stream, log, ct).ConfigureAwait(false);
            using (response)
            {
                var method = request.Method.Method;
                var shown = Shown(request);
                using var reader = new StreamReader(await response.Content.ReadAsStreamAsync(ct).ConfigureAwait(false), Encoding.UTF8);
                while (true)
                {
                    // A line already buffered is returned even after cancellation: a cancelled caller gets no more records.
                    ct.ThrowIfCancellationRequested();
                    string? line;
                    using (var read = CancellationTokenSource.CreateLinkedTokenSource(ct))
                    {
                        read.CancelAfter(Options.Timeout);
                        try
                        {
                            line = await reader.ReadLineAsync(read.Token).ConfigureAwait(false);
                        }
                        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
                        {
                            throw ApiErrors.Transport(new TimeoutException($"No record arrived for {Options.Timeout.TotalSeconds:0.##} s."), method, shown, context.Retries);
                        }
                        catch (Exception e) when (e is IOException or HttpRequestException && !ct.IsCancellationRequested)
                        {
                            throw ApiErrors.Transport(e, method, shown, context.Retries);
                        }
                    }
                    if (line is null) yield break;
                    if (string.IsNullOrWhiteSpace(line)) continue;
                    JsonElement record;
                    try
                    {
                        using var doc = JsonDocument.Parse(line);
                        record = doc.RootElement.Clone();
                    }
                    catch (JsonException)
                    {
                        throw ApiErrors.InvalidResponse(method, shown, (int)response.StatusCode, "a line of the stream is not JSON", line);
                    }
                    yield return record;
                }
            }
        }

        /// <summary>
        /// Sends a request and copies its answer's bytes to <paramref name="destination"/> as they arrive
        /// (<see cref="LcAnswerMode.Bytes"/>), reporting (bytes so far, total when known). A copy that breaks off starts
        /// again from byte 0 when the destination can be rewound and the request is idempotent, within the retry count.
        /// </summary>
        public async Task<LcBody> DownloadAsync(LcRequest request, Stream destination, Action<long, long?>? progress, ILcLog log, CancellationToken ct)
        {
            var method = request.Method.Method;
            var shown = Shown(request);
            var restarts = 0;
            while (true)
            {
                var (response, context) = await OpenAsync(request, LcAnswerMode.Bytes, log, ct).ConfigureAwait(false);
                using (response)
                {
                    var headers = response.Content.Headers;
                    try
                    {
                        var stream = await response.Content.ReadAsStreamAsync(ct).ConfigureAwait(false);
                        var length = await SignedUrlTransfer.CopyAsync(stream, destination, headers.ContentLength, progress, Options.Timeout, ct).ConfigureAwait(false);
                        return new LcBody(length, headers.ContentType?.MediaType, headers.ContentType?.CharSet);
                    }
                    catch (Exception e) when (e is IOException or HttpRequestException or TimeoutException && !ct.IsCancellationRequested)
                    {
                        if (!destination.CanSeek || !request.IsIdempotent || ++restarts > Options.MaxRetryCount)
                            throw ApiErrors.Transport(e, method, shown, context.Retries + restarts);
                        log.Verbose($"The answer of {method} {shown} broke off ({e.Message}); starting it again (retry {restarts} of at most {Options.MaxRetryCount}).");
                        destination.SetLength(0);
                        destination.Position = 0;
                    }
                }
            }
        }

        /// <summary>Sends a request and returns its answer as text (CSV, plain text...), decoded by its charset (UTF-8 when it names none).</summary>
        public async Task<(string Text, LcBody Body)> ReadTextAsync(LcRequest request, ILcLog log, CancellationToken ct)
        {
            using var buffer = new MemoryStream();
            var body = await DownloadAsync(request, buffer, null, log, ct).ConfigureAwait(false);
            Encoding encoding;
            try
            {
                encoding = body.CharSet is { Length: > 0 } name ? Encoding.GetEncoding(name.Trim('"')) : Encoding.UTF8;
            }
            catch (ArgumentException)
            {
                encoding = Encoding.UTF8;
            }
            using var reader = new StreamReader(new MemoryStream(buffer.GetBuffer(), 0, (int)buffer.Length), encoding, detectEncodingFromByteOrderMarks: true);
            return (await reader.ReadToEndAsync(ct).ConfigureAwait(false), body);
        }

        /// <summary>Sends a request whose body the caller reads; an answer other than 2xx is an error (its body read for the message).</summary>
        internal async Task<(HttpResponseMessage Response, LcRequestContext Context)> OpenAsync(LcRequest request, LcAnswerMode mode, ILcLog log, CancellationToken ct)
        {
            EnsureOpen();
            using var message = BuildMessage(request, log, mode);
            var context = LcRequestContext.From(message)!;
            var method = request.Method.Method;
            HttpResponseMessage response;
            try
            {
                response = await Pipeline.Client(Pipeline.ApiClientName)
                    .SendAsync(message, HttpCompletionOption.ResponseHeadersRead, ct).ConfigureAwait(false);
            }
            catch (Exception e) when (e is HttpRequestException or TimeoutException or IOException && !ct.IsCancellationRequested)
            {
                throw ApiErrors.Transport(e, method, Shown(request), context.Retries);
            }
            if (response.IsSuccessStatusCode) return (response, context);
            using (response)
            {
                string body;
                try
                {
                    body = await response.Content.ReadAsStringAsync(ct).ConfigureAwait(false);
                }
                catch (Exception e) when (e is IOException or HttpRequestException && !ct.IsCancellationRequested)
                {
                    body = string.Empty;
                }
                throw Refusal(request, response, body, method, Shown(request), context.Retries);
            }
        }

        /// <summary>The error of an answer other than 2xx; a refusal of Basic credentials names the ingestion key, not the session's key.</summary>
        private static LcApiException Refusal(LcRequest request, HttpResponseMessage response, string body, string method, string path, int retries)
        {
            var error = ApiErrors.FromResponse(response, body, method, path, retries);
            if (request.Basic is not { } basic || error.StatusCode is not (401 or 403)) return error;
            return new LcApiException($"The service refused the ingestion key for organization {basic.UserName}: {error.ApiMessage ?? error.Message}",
                error.StatusCode, error.ApiMessage, method, path, ErrorIds.IngestionKeyRefused, null, retries, error);
        }

        /// <summary>How a request is named in errors: its path, with the host in front when it is not the API's.</summary>
        private static string Shown(LcRequest request) =>
            request.Root is null ? "/" + request.Path : request.Root.GetLeftPart(UriPartial.Authority) + "/" + request.Path;

        private HttpRequestMessage BuildMessage(LcRequest request, ILcLog log, LcAnswerMode mode = LcAnswerMode.Json)
        {
            var root = request.Root is null ? Endpoints.ApiUrl : LcEndpoints.Validate(request.Root, "service URL");
            var url = new StringBuilder(root.AbsoluteUri).Append(request.Path);
            if (request.Query.Count > 0) url.Append('?').Append(FormBody.EncodePairs(request.Query));
            var message = new HttpRequestMessage(request.Method, new Uri(url.ToString()));
            if (request.Form is not null) message.Content = new FormBody(request.Form);
            else if (request.Bytes is not null)
            {
                message.Content = new ByteArrayContent(request.Bytes);
                message.Content.Headers.ContentType = MediaTypeHeaderValue.Parse(request.ContentType ?? "application/octet-stream");
            }
            else if (request.Json is not null)
            {
                message.Content = new StringContent(request.Json, Encoding.UTF8);
                var type = MediaTypeHeaderValue.Parse(request.ContentType ?? "application/json");
                type.CharSet ??= "utf-8";
                message.Content.Headers.ContentType = type;
            }
            foreach (var header in request.Headers) message.Headers.TryAddWithoutValidation(header.Key, header.Value);
            new LcRequestContext(Pipeline, log, request.Target, request.IsIdempotent, request.ToString(), Tokens) { Mode = mode, TokenFormField = request.TokenFormField, Basic = request.Basic, MinimumTimeout = request.MinimumTimeout }.AttachTo(message);
            return message;
        }

        public override string ToString() => Credential.ToString();
    }
}
