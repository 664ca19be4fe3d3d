using System;
using System.Collections;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Net.Http;
using System.Text.Json;
using LimaCharlie.Client.Auth;
using LimaCharlie.Client.Http;
using LimaCharlie.PowerShell.Completers;
using LimaCharlie.PowerShell.Infrastructure;

namespace LimaCharlie.PowerShell.Cmdlets.Api
{
    /// <summary>
    /// Calls any LimaCharlie API endpoint through the session: same tokens, renewal, retries and errors as the other
    /// cmdlets. Returns the answer as objects (as ConvertFrom-Json would).
    /// </summary>
    [Cmdlet(VerbsLifecycle.Invoke, "LcApi", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
    [OutputType(typeof(PSObject), typeof(string))]
    public sealed class InvokeLcApiCommand : LcOrganizationCmdlet
    {
        internal static readonly string[] Methods = { "GET", "POST", "PUT", "DELETE", "PATCH" };

        /// <summary>
        /// GET, POST, PUT, DELETE or PATCH. A single positional value that is not a method is the path, so both
        /// <c>Invoke-LcApi v1/who</c> and <c>Invoke-LcApi POST v1/...</c> read naturally.
        /// </summary>
        [Parameter(Position = 0)]
        [ArgumentCompleter(typeof(HttpMethodCompleter))]
        [ValidatePlainText]
        public string Method { get; set; } = "GET";

        /// <summary>
        /// The path under the API root, e.g. <c>v1/sensors/{oid}</c>; <c>{oid}</c> becomes the organization id. A full URL
        /// of the session's API is accepted (its query string is sent too); a URL of another host is refused.
        /// </summary>
        [Parameter(Position = 1, ValueFromPipelineByPropertyName = true)]
        [ValidatePlainText]
        public string? Path { get; set; }

        [Parameter]
        public IDictionary? Query { get; set; }

        [Parameter]
        public IDictionary? Form { get; set; }

        /// <summary>A JSON body: a string is sent as it is, anything else is serialized.</summary>
        [Parameter]
        public object? Json { get; set; }

        /// <summary>Use the user's <c>oid=-</c> token (calls made on behalf of the user).</summary>
        [Parameter]
        public SwitchParameter NoOrganization { get; set; }

        /// <summary>Return the answer as the JSON text the API sent.</summary>
        [Parameter]
        public SwitchParameter Raw { get; set; }

        protected override object? ErrorTarget => Path ?? Method;

        private (string Method, string Path) MethodAndPath()
        {
            var isMethod = Methods.Contains(Method.ToUpperInvariant());
            if (string.IsNullOrWhiteSpace(Path))
            {
                if (isMethod || string.IsNullOrWhiteSpace(Method))
                    throw new ArgumentException("Give the path of the endpoint, e.g. Invoke-LcApi 'v1/who' or Invoke-LcApi POST 'v1/orgs/{oid}/...'.");
                return ("GET", Method);
            }
            if (!isMethod)
                throw new ArgumentException($"'{Method}' is not an HTTP method the API uses; use one of {string.Join(", ", Methods)}.");
            return (Method.ToUpperInvariant(), Path!);
        }

        /// <summary>
        /// The path to call and the query of a URL: a URL of the session's API (as copied from a browser or a log) is
        /// taken as its path and query; a URL of any other host is refused, since the call would carry the session's token
        /// to the API anyway and answer something else than what the URL names.
        /// </summary>
        private static (string Path, List<KeyValuePair<string, string>> Query) PathOf(string typed, Uri apiUrl)
        {
            var query = new List<KeyValuePair<string, string>>();
            if (!Uri.TryCreate(typed, UriKind.Absolute, out var url) || (url.Scheme != Uri.UriSchemeHttp && url.Scheme != Uri.UriSchemeHttps))
                return (typed, query);
            var root = apiUrl.AbsolutePath.TrimEnd('/');
            if (!string.Equals(url.Scheme, apiUrl.Scheme, StringComparison.OrdinalIgnoreCase)
                || !string.Equals(url.Host, apiUrl.Host, StringComparison.OrdinalIgnoreCase) || url.Port != apiUrl.Port
                || !url.AbsolutePath.StartsWith(root + "/", StringComparison.Ordinal))
                throw new ArgumentException(
                    $"'{url.GetLeftPart(UriPartial.Authority)}' is not the session's API ({apiUrl.GetLeftPart(UriPartial.Path).TrimEnd('/')}): " +
                    "Invoke-LcApi calls the session's API and takes the path under it, e.g. Invoke-LcApi 'v1/who' or " +
                    "Invoke-LcApi 'v1/sensors/{oid}' -Query @{ limit = 10 }. Use Invoke-RestMethod for other hosts.");
            foreach (var pair in url.Query.TrimStart('?').Split('&', StringSplitOptions.RemoveEmptyEntries))
            {
                var equals = pair.IndexOf('=');
                var name = Uri.UnescapeDataString((equals < 0 ? pair : pair[..equals]).Replace('+', ' '));
                var value = equals < 0 ? string.Empty : Uri.UnescapeDataString(pair[(equals + 1)..].Replace('+', ' '));
                query.Add(new KeyValuePair<string, string>(name, value));
            }
            return (url.AbsolutePath[root.Length..], query);
        }

        protected override void OnProcess()
        {
            var connection = Connection;
            var hasOrg = OrganizationId != Guid.Empty;
            if (NoOrganization && hasOrg) throw new ArgumentException("-NoOrganization and -OrganizationId cannot be used together.");
            if (Form is not null && MyInvocation.BoundParameters.ContainsKey(nameof(Json)))
                throw new ArgumentException("-Form and -Json cannot be used together: a request has one body.");

            var (verb, rawPath) = MethodAndPath();
            var (relative, urlQuery) = PathOf(rawPath.Trim(), connection.Endpoints.ApiUrl);
            var path = relative.TrimStart('/');
            var usesOid = path.Contains("{oid}", StringComparison.OrdinalIgnoreCase);
            Guid? oid = hasOrg || usesOid ? connection.ResolveOrganization(hasOrg ? OrganizationId : null) : null;
            if (oid is { } id) path = path.Replace("{oid}", id.ToString(), StringComparison.OrdinalIgnoreCase);
            if (!path.StartsWith("v1/", StringComparison.OrdinalIgnoreCase)) path = "v1/" + path;

            TokenTarget target = NoOrganization ? connection.RequireUserTarget("Invoke-LcApi -NoOrganization")
                : oid is { } o ? TokenTarget.Organization(o)
                : connection.DefaultTarget;
            var method = new HttpMethod(verb);
            var request = new LcRequest(method, path, target) { AcceptsAnyJson = true };
            request.Query.AddRange(urlQuery);
            request.Query.AddRange(PSJson.ToPairs(Query));
            if (Form is not null) request.Form = PSJson.ToPairs(Form);
            if (MyInvocation.BoundParameters.ContainsKey(nameof(Json))) request.Json = PSJson.Serialize(Json);

            if (method != HttpMethod.Get && !ShouldProcess($"/{path}", method.Method)) return;
            var answer = Await((log, ct) => connection.SendAsync(request, log, ct));
            if (Raw) WriteObject(answer.GetRawText());
            else WriteObject(PSJson.ToPSObject(answer), enumerateCollection: answer.ValueKind == JsonValueKind.Array);
        }
    }
}
