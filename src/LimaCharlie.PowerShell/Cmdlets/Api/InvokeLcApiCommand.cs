using System;
using System.Collections;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Management.Automation;
using System.Net.Http;
using System.Net.Http.Headers;
using System.Security;
using System.Text.Json;
using LimaCharlie.Client;
using LimaCharlie.Client.Api;
using LimaCharlie.Client.Files;
using LimaCharlie.Client.Http;
using LimaCharlie.Client.Logging;
using LimaCharlie.PowerShell.Completers;
using LimaCharlie.PowerShell.Infrastructure;

namespace LimaCharlie.PowerShell.Cmdlets.Api
{
    /// <summary>
    /// Calls any endpoint of any LimaCharlie service through the session: same tokens, renewal, retries and errors as the
    /// other cmdlets. Returns the answer as objects (as ConvertFrom-Json would), as text, as a file, or record by record.
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
        /// The path under the service's root, e.g. <c>v1/sensors/{oid}</c>; <c>{oid}</c> becomes the organization id. A full URL
        /// of the session's API is accepted (its query string is sent too); for other hosts use -Uri.
        /// </summary>
        [Parameter(Position = 1, ValueFromPipelineByPropertyName = true)]
        [ValidatePlainText]
        public string? Path { get; set; }

        /// <summary>The service whose root -Path is under: a name of the organization's map (replay, cases, search...), stream, downloads; api by default.</summary>
        [Parameter]
        [ArgumentCompleter(typeof(ServiceCompleter))]
        [ValidatePlainText]
        public string? Service { get; set; }

        /// <summary>An absolute URL; refused unless its host is one of the session's services, or -Force.</summary>
        [Parameter]
        public Uri? Uri { get; set; }

        [Parameter]
        public IDictionary? Query { get; set; }

        [Parameter]
        public IDictionary? Form { get; set; }

        /// <summary>A JSON body: a string is sent as it is, anything else is serialized.</summary>
        [Parameter]
        public object? Json { get; set; }

        /// <summary>A body as Invoke-RestMethod takes it: a hashtable is a form (the query of a GET), a string or bytes are sent as they are, anything else as JSON.</summary>
        [Parameter]
        public object? Body { get; set; }

        /// <summary>The media type of a string or byte -Body.</summary>
        [Parameter]
        public string? ContentType { get; set; }

        /// <summary>Headers to send besides the session's own.</summary>
        [Parameter]
        public IDictionary? Header { get; set; }

        /// <summary>Use the user's <c>oid=-</c> token (calls made on behalf of the user).</summary>
        [Parameter]
        public SwitchParameter NoOrganization { get; set; }

        /// <summary>Use the user's token for all of their organizations (a user key), as the fleet endpoints (cloudsec/fleet/overview) want.</summary>
        [Parameter]
        public SwitchParameter AllOrganizations { get; set; }

        /// <summary>Authenticate with one of the organization's ingestion keys (Basic) instead of the session's token: the log-ingestion host (-Service logs).</summary>
        [Parameter]
        public SecureString? IngestionKey { get; set; }

        /// <summary>Return the answer as the text the service sent (JSON, CSV...).</summary>
        [Parameter]
        public SwitchParameter Raw { get; set; }

        /// <summary>Write the answer's bytes to this file as they arrive.</summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        public string? OutFile { get; set; }

        /// <summary>Read the answer as newline-delimited JSON and write each record as it arrives, until the service stops or Ctrl+C.</summary>
        [Parameter]
        public SwitchParameter Stream { get; set; }

        /// <summary>Send to a -Uri whose host is not one of the session's services (with the session's token).</summary>
        [Parameter]
        public SwitchParameter Force { get; set; }

        protected override object? ErrorTarget => Uri is { IsAbsoluteUri: true } uri ? Shown(uri) : Path ?? Method;

        private static string Shown(Uri uri) => Redactor.IsSignedUrl(uri) ? Redactor.RedactSignedUrl(uri) : uri.ToString();

        private TransferProgress? _progress;

        protected override void OnWaiting() => _progress?.Write(this);

        private bool Bound(string name) => MyInvocation.BoundParameters.ContainsKey(name);

        private (string Method, string Path) MethodAndPath()
        {
            var isMethod = Methods.Contains(Method.ToUpperInvariant());
            if (string.IsNullOrWhiteSpace(Path))
            {
                if (isMethod || string.IsNullOrWhiteSpace(Method))
                {
                    // A service's own root is a valid target (the replay service takes its requests there).
                    if (Uri is not null || Bound(nameof(Service))) return (Method.ToUpperInvariant(), string.Empty);
                    throw new ArgumentException("Give the path of the endpoint, e.g. Invoke-LcApi 'v1/who' or Invoke-LcApi POST 'v1/orgs/{oid}/...', or an absolute -Uri.");
                }
                return ("GET", Method);
            }
            if (!isMethod)
                throw new ArgumentException($"'{Method}' is not an HTTP method the API uses; use one of {string.Join(", ", Methods)}.");
            return (Method.ToUpperInvariant(), Path!);
        }

        private void CheckCombinations()
        {
            var bodies = new[] { nameof(Form), nameof(Json), nameof(Body) }.Where(Bound).ToArray();
            if (bodies.Length > 1)
                throw new ArgumentException($"{string.Join(" and ", bodies.Select(b => "-" + b))} cannot be used together: a request has one body.");
            var modes = new[] { nameof(Raw), nameof(OutFile), nameof(Stream) }.Where(Bound).ToArray();
            if (modes.Length > 1)
                throw new ArgumentException($"{string.Join(" and ", modes.Select(m => "-" + m))} cannot be used together: the answer is read one way.");
            if (Uri is not null && (Bound(nameof(Service)) || !string.IsNullOrWhiteSpace(Path) || !Methods.Contains(Method.ToUpperInvariant())))
                throw new ArgumentException("-Uri names the whole URL: it cannot be combined with -Service or -Path.");
            if (ContentType is not null && !MediaTypeHeaderValue.TryParse(ContentType, out _))
                throw new ArgumentException($"'{ContentType}' is not a media type such as application/json or text/csv.");
        }

        protected override void OnProcess()
        {
            CheckCombinations();
            var connection = Connection;
            var (verb, path) = MethodAndPath();
            var method = new HttpMethod(verb);
            var call = new RawCall(method, path)
            {
                Service = Service, Uri = Uri, OrganizationId = OrganizationId == Guid.Empty ? null : OrganizationId,
                NoOrganization = NoOrganization, AllOrganizations = AllOrganizations, IngestionKey = IngestionKey, Force = Force,
            };
            call.Query.AddRange(PSJson.ToPairs(Query));
            var request = Await((log, ct) => RawRequest.BuildAsync(connection, call, log, ct));
            AddBody(request, method);
            AddHeaders(request);

            var shown = RawRequest.Describe(request);
            if (method != HttpMethod.Get && !ShouldProcess(shown, method.Method)) return;
            if (Stream) base.Stream((log, ct) => connection.ReadRecordsAsync(request, log, ct), record => WriteObject(PSJson.ToPSObject(record)));
            else if (OutFile is not null) Save(connection, request, shown);
            else if (Raw) WriteObject(Await((log, ct) => connection.ReadTextAsync(request, log, ct)).Text);
            else
            {
                var answer = Await((log, ct) => connection.SendAsync(request, log, ct));
                WriteObject(PSJson.ToPSObject(answer), enumerateCollection: answer.ValueKind == JsonValueKind.Array);
            }
        }

        private void AddBody(LcRequest request, HttpMethod method)
        {
            if (Form is not null) request.Form = PSJson.ToPairs(Form);
            if (Bound(nameof(Json))) request.Json = PSJson.Serialize(Json);
            if (!Bound(nameof(Body))) return;
            request.ContentType = ContentType;
            switch (Body is PSObject wrapped ? wrapped.BaseObject : Body)
            {
                case IDictionary table when method == HttpMethod.Get:
                    request.Query.AddRange(PSJson.ToPairs(table));
                    break;
                case IDictionary table:
                    request.Form = PSJson.ToPairs(table);
                    break;
                case string text:
                    request.Json = text;
                    request.ContentType ??= LooksLikeJson(text) ? "application/json" : "application/x-www-form-urlencoded";
                    break;
                case byte[] bytes:
                    request.Bytes = bytes;
                    break;
                default:
                    request.Json = PSJson.Serialize(Body);
                    break;
            }
        }

        private static bool LooksLikeJson(string text) => text.TrimStart() is { Length: > 0 } t && (t[0] == '{' || t[0] == '[');

        private void AddHeaders(LcRequest request)
        {
            foreach (var (name, value) in PSJson.ToPairs(Header))
            {
                if (name.Equals("Content-Type", StringComparison.OrdinalIgnoreCase))
                {
                    if (!MediaTypeHeaderValue.TryParse(value, out _)) throw new ArgumentException($"'{value}' is not a media type such as application/json.");
                    request.ContentType = value;
                }
                else if (name.Equals("Authorization", StringComparison.OrdinalIgnoreCase) && (request.Target is not null || request.Basic is not null))
                {
                    throw new ArgumentException("The Authorization header is the session's token; it cannot be given with -Header.");
                }
                else
                {
                    request.Headers.Add(new KeyValuePair<string, string>(name, value));
                }
            }
        }

        /// <summary>Writes the answer to -OutFile through a temporary file beside it, moved into place when complete (an existing file is replaced).</summary>
        private void Save(LcConnection connection, LcRequest request, string shown)
        {
            var destination = GetUnresolvedProviderPathFromPSPath(OutFile);
            if (Directory.Exists(destination))
                throw new ArgumentException($"-OutFile '{destination}' is a folder; give a file name.");
            var folder = System.IO.Path.GetDirectoryName(destination);
            if (string.IsNullOrEmpty(folder) || !Directory.Exists(folder))
                throw new ArgumentException($"The folder of -OutFile, '{folder}', does not exist.");
            var progress = _progress = new TransferProgress($"Saving {shown}");
            try
            {
                using var file = PartialFile.Create(destination);
                Await((log, ct) => connection.DownloadAsync(request, file.Stream, progress.Report, log, ct));
                file.Commit(overwrite: true);
            }
            finally
            {
                progress.Complete(this);
                _progress = null;
            }
        }
    }
}
