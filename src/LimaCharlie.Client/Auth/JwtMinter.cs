using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Net;
using System.Net.Http;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using LimaCharlie.Client.Credentials;
using LimaCharlie.Client.Http;
using LimaCharlie.Client.Json;
using LimaCharlie.Client.Logging;

namespace LimaCharlie.Client.Auth
{
    /// <summary>
    /// Mints JWTs the way the API's introduction page describes: POST form-encoded to the JWT endpoint with
    /// <c>oid</c> + <c>secret</c> (organization key) or <c>uid</c> + <c>secret</c> [+ <c>oid</c> | <c>oid=-</c>] (user key).
    /// </summary>
    public sealed class JwtMinter
    {
        private readonly ApiCredential _credential;
        private readonly LcEndpoints _endpoints;
        private readonly LcPipeline _pipeline;

        public JwtMinter(ApiCredential credential, LcEndpoints endpoints, LcPipeline pipeline)
        {
            _credential = credential;
            _endpoints = endpoints;
            _pipeline = pipeline;
        }

        public int MintCount => _mintCount;
        private int _mintCount;

        public async Task<AccessToken> MintAsync(TokenTarget target, DateTimeOffset? expiresAt, ILcLog log, CancellationToken ct)
        {
            var form = _credential.WithPlainKey(key => BuildForm(target, key, expiresAt));
            using var request = new HttpRequestMessage(HttpMethod.Post, _endpoints.JwtUrl) { Content = new FormBody(form) };
            var context = new LcRequestContext(_pipeline, log, target: null, idempotent: true, description: "JWT endpoint");
            context.AttachTo(request);

            log.Debug($"Minting a JWT for {target} from {_endpoints.JwtUrl} using the {_credential.Kind.ToString().ToLowerInvariant()} key from {_credential.Source}.");
            HttpResponseMessage response;
            string body;
            try
            {
                response = await _pipeline.Client(_pipeline.JwtClientName).SendAsync(request, HttpCompletionOption.ResponseContentRead, ct).ConfigureAwait(false);
                body = await response.Content.ReadAsStringAsync(ct).ConfigureAwait(false);
            }
            catch (Exception e) when (e is HttpRequestException or TimeoutException or IOException && !ct.IsCancellationRequested)
            {
                throw ApiErrors.Transport(e, "POST", $"{_endpoints.JwtUrl} (JWT endpoint)", context.Retries);
            }
            using var _ = response;
            if (response.StatusCode == HttpStatusCode.NotFound)
                throw ApiErrors.EndpointNotFound("POST", _endpoints.JwtUrl, "the JWT endpoint",
                    "Check -JwtUrl (or LC_JWT_URL): the JWT endpoint is the root of its host, https://jwt.limacharlie.io/ for the LimaCharlie cloud, with no path.",
                    context.Retries);
            if (!response.IsSuccessStatusCode)
                throw ApiErrors.FromJwtEndpoint(response, body, _credential, target, context.Retries);

            string? jwt = null;
            try
            {
                using var doc = JsonDocument.Parse(body);
                jwt = doc.RootElement.String("jwt");
            }
            catch (JsonException) { }
            if (string.IsNullOrEmpty(jwt))
                throw ApiErrors.InvalidResponse("POST", _endpoints.JwtUrl.AbsolutePath, (int)response.StatusCode,
                    "the JWT endpoint answered without a 'jwt' field", body);

            Interlocked.Increment(ref _mintCount);
            try
            {
                var token = AccessToken.Parse(jwt!, target, DateTimeOffset.UtcNow);
                log.Debug($"Minted {token}.");
                return token;
            }
            catch (Exception e) when (e is FormatException or JsonException)
            {
                throw ApiErrors.InvalidResponse("POST", _endpoints.JwtUrl.AbsolutePath, (int)response.StatusCode, e.Message, null);
            }
        }

        private List<KeyValuePair<string, string>> BuildForm(TokenTarget target, string key, DateTimeOffset? expiresAt)
        {
            var form = new List<KeyValuePair<string, string>>();
            if (_credential.Kind == CredentialKind.User)
            {
                form.Add(new("uid", _credential.UserId!));
                if (target.Request == JwtScopeRequest.Organization) form.Add(new("oid", target.OrganizationId!.Value.ToString()));
                else if (target.Request == JwtScopeRequest.UserOnly) form.Add(new("oid", "-"));
            }
            else
            {
                form.Add(new("oid", _credential.OrganizationId!.Value.ToString()));
            }
            form.Add(new("secret", key));
            if (expiresAt is { } exp)
                form.Add(new("expiry", exp.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture)));
            return form;
        }
    }
}
