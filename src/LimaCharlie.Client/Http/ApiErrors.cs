using System;
using System.Linq;
using System.Net.Http;
using System.Text.Json;
using System.Text.RegularExpressions;
using LimaCharlie.Client.Auth;
using LimaCharlie.Client.Credentials;
using LimaCharlie.Client.Json;
using LimaCharlie.Client.Logging;

namespace LimaCharlie.Client.Http
{
    /// <summary>Builds <see cref="LcApiException"/>s: one message shape, a stable id per condition, and what to do next.</summary>
    public static class ApiErrors
    {
        private const int MaxQuoted = 500;
        private const int MaxPathShown = 300;

        public static LcApiException FromResponse(HttpResponseMessage response, string body, string method, string path, int retries)
        {
            var status = (int)response.StatusCode;
            var apiMessage = ErrorText(body);
            var kind = Classify(status);
            string? action = null;
            if (status is 401 or 403 && IsPermissionRefusal(apiMessage))
                action = MissingPermission(apiMessage) is { } permission
                    ? $"The key lacks the permission {permission}: add it to the key (web app, Access Management), or use a key that holds it. Get-LcIdentity lists what this key holds; a permission added in the last minute is used from the session's next token (Connect-LcOrg again to use it at once)."
                    : ErrorIds.Forbidden.RecommendedAction;
            if (apiMessage?.Contains("ETAG_MISMATCH", StringComparison.Ordinal) == true)
                (kind, action) = (ErrorIds.EtagMismatch, null);
            if (status == 429)
            {
                var quota = Header(response, "X-RateLimit-Quota");
                var period = Header(response, "X-RateLimit-Period");
                if (quota is not null)
                    action = $"The key may make {quota} calls per {period ?? "?"} s. " + (action ?? kind.RecommendedAction);
            }
            var after = retries > 0 ? $" (after {retries} {(retries == 1 ? "retry" : "retries")})" : string.Empty;
            var message = $"{method} {Shown(path)} failed with {status} {response.ReasonPhrase}{after}" +
                          (string.IsNullOrWhiteSpace(apiMessage) ? "." : $": {apiMessage}");
            return new LcApiException(message, status, apiMessage, method, path, kind, action, retries);
        }

        public static LcApiException FromJwtEndpoint(HttpResponseMessage response, string body, ApiCredential credential, TokenTarget target, int retries)
        {
            var status = (int)response.StatusCode;
            var apiMessage = ErrorText(body);
            var who = credential.Kind == CredentialKind.Organization
                ? $"the organization key for {credential.OrganizationId}"
                : $"the user key of {credential.UserId} (token for {target})";
            if (status is 400 or 401 or 403 or 404)
            {
                var action = credential.Kind == CredentialKind.User && target.OrganizationId is { } oid
                    ? $"The user may have no access to organization {oid} (Get-LcOrganization -All lists the ones you can reach); otherwise check the user id and the user API key."
                    : null;
                return new LcApiException(
                    $"The JWT endpoint refused {who} with {status} {response.ReasonPhrase}: {apiMessage}", status, apiMessage, "POST", "/",
                    ErrorIds.AuthenticationFailed, action, retries);
            }
            var error = FromResponse(response, body, "POST", "/ (JWT endpoint)", retries);
            return new LcApiException("Getting a token failed: " + error.Message, status, apiMessage, "POST", "/", error.Kind,
                error.RecommendedAction, retries);
        }

        public static LcApiException InvalidResponse(string method, string path, int status, string why, string? body) =>
            new($"{method} {Shown(path)} answered {status} but the answer cannot be read: {why}" +
                (string.IsNullOrEmpty(body) ? "." : $". It began: {Quote(body)}"),
                status, body is null ? null : Quote(body), method, path, ErrorIds.InvalidResponse);

        public static LcApiException Transport(Exception error, string method, string path, int retries) => error switch
        {
            TimeoutException => new LcApiException($"{method} {Shown(path)} timed out: {error.Message}" + Tries(retries), 0, null, method, path,
                ErrorIds.Timeout, retries: retries, inner: error),
            _ => new LcApiException($"{method} {Shown(path)} could not reach the server: {error.Message}" + Tries(retries), 0, null, method, path,
                ErrorIds.ConnectionFailed, retries: retries, inner: error),
        };

        /// <summary>
        /// A 404 from an address that exists wherever the service is (the JWT endpoint, <c>/v1/who</c>): the URL is wrong,
        /// not the key, which was not even looked at.
        /// </summary>
        public static LcApiException EndpointNotFound(string method, Uri url, string what, string fix, int retries, Exception? inner = null) =>
            new($"{method} {url.GetLeftPart(UriPartial.Path)} answered 404 Not Found: {what} is not at that address. The URL is wrong, not the key.",
                404, null, method, url.AbsolutePath, ErrorIds.EndpointNotFound, fix, retries, inner);

        /// <summary>The answer when it is a JSON object; otherwise an InvalidResponse naming what was expected.</summary>
        public static JsonElement RequireObject(JsonElement answer, string method, string path, string what) =>
            answer.ValueKind == JsonValueKind.Object ? answer : throw InvalidResponse(method, path, 200, $"it is not {what} (not a JSON object)", answer.GetRawText());

        /// <summary>
        /// Whether an API refusal is about permissions ("unauthorized: missing permission sensor.tag"): the docs say a
        /// call lacking a privilege fails with 401 "and the missing privilege will be specified in the error". Such a 401 is
        /// not a token problem: a new token carries the same permissions.
        /// </summary>
        public static bool IsPermissionRefusal(string? apiMessage) =>
            !string.IsNullOrEmpty(apiMessage) && PermissionWord.IsMatch(apiMessage);

        /// <summary>The permission an API refusal names (<c>sensor.tag</c>), or null when it names none.</summary>
        public static string? MissingPermission(string? apiMessage)
        {
            if (!IsPermissionRefusal(apiMessage)) return null;
            var name = PermissionName.Match(apiMessage!);
            return name.Success ? name.Value : null;
        }

        /// <summary>
        /// How far a failure reaches. A missing permission, a key the JWT endpoint refuses, a deleted organization or a
        /// token too large fail every later call of the session on that organization alike; the kinds the catalog marks
        /// <see cref="ErrorKind.PerItem"/> (an unknown sensor, a bad value, a conflict, a rate limit after the retries, a
        /// broken connection) concern one call.
        /// </summary>
        public static FailureReach Reach(LcApiException e) => e.Kind switch
        {
            { PerItem: true } when e.StatusCode == 404 && OrganizationMissing.IsMatch(e.ApiMessage ?? string.Empty) => FailureReach.OrganizationGone,
            { PerItem: true } => FailureReach.Item,
            var kind when kind == ErrorIds.RequestTooLarge => FailureReach.TokenTooLarge,
            var kind when kind == ErrorIds.ServiceNotSubscribed => FailureReach.ServiceMissing,
            // A 401 reaches the caller only after a renewed token was refused too (or when it names a permission).
            var kind when kind == ErrorIds.AuthenticationFailed || kind == ErrorIds.IngestionKeyRefused || (kind == ErrorIds.Unauthorized && !IsPermissionRefusal(e.ApiMessage)) =>
                FailureReach.CredentialRefused,
            // The v5 SDK maps every 403 to PermissionDeniedError; 403s with a meaning of their own have their own ids.
            _ => FailureReach.MissingPermission,
        };

        private static readonly Regex PermissionWord = new(@"\b(permission|privilege)s?\b",
            RegexOptions.IgnoreCase | RegexOptions.CultureInvariant | RegexOptions.Compiled);

        /// <summary>A permission name: category.action, e.g. <c>sensor.tag</c>, <c>dr.set.managed</c>, <c>ai_agent.get.mtd</c>.</summary>
        private static readonly Regex PermissionName = new(@"\b[a-z][a-z_]*(\.[a-z_]+)+\b", RegexOptions.CultureInvariant | RegexOptions.Compiled);

        private static readonly Regex OrganizationMissing = new(@"\b(organization|org) (not found|does not exist|deleted)\b|\bunknown (organization|org)\b",
            RegexOptions.IgnoreCase | RegexOptions.CultureInvariant | RegexOptions.Compiled);

        /// <summary>A path short enough for a message (a 1 MB key would otherwise be quoted whole).</summary>
        private static string Shown(string path) => path.Length <= MaxPathShown ? path : path[..MaxPathShown] + "...";

        private static string Tries(int retries) => retries > 0 ? $" (after {retries} retries)" : string.Empty;

        /// <summary>The <c>error</c> text of a JSON error body, or the body itself (shortened, secrets masked).</summary>
        public static string? ErrorText(string? body)
        {
            if (string.IsNullOrWhiteSpace(body)) return null;
            try
            {
                using var doc = JsonDocument.Parse(body);
                var root = doc.RootElement;
                var text = root.String("error") ?? root.String("message");
                if (text is not null) return Redactor.RedactText(text);
            }
            catch (JsonException)
            {
            }
            return Quote(body);
        }

        private static string Quote(string body)
        {
            var flat = string.Join(" ", body.Split(new[] { '\r', '\n', '\t' }, StringSplitOptions.RemoveEmptyEntries)).Trim();
            flat = Redactor.RedactText(flat);
            return flat.Length <= MaxQuoted ? flat : flat[..MaxQuoted] + "...";
        }

        private static string? Header(HttpResponseMessage response, string name) =>
            response.Headers.TryGetValues(name, out var v) ? v.FirstOrDefault() : null;

        private static ErrorKind Classify(int status) => status switch
        {
            400 => ErrorIds.BadRequest,
            401 => ErrorIds.Unauthorized,
            403 => ErrorIds.Forbidden,
            404 => ErrorIds.NotFound,
            409 => ErrorIds.Conflict,
            413 => ErrorIds.RequestTooLarge,
            422 => ErrorIds.ValidationFailed,
            429 => ErrorIds.RateLimited,
            503 => ErrorIds.ServiceUnavailable,
            504 => ErrorIds.GatewayTimeout,
            >= 500 => ErrorIds.ServerError,
            _ => ErrorIds.HttpError,
        };
    }
}
