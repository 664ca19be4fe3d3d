using System;
using System.Collections.Generic;
using System.Linq;
using System.Net.Http;
using LimaCharlie.Client.Auth;

namespace LimaCharlie.Client.Http
{
    /// <summary>One API call: method, path under the API root, query, body, and which token it needs.</summary>
    public sealed class LcRequest
    {
        public LcRequest(HttpMethod method, string path, TokenTarget? target)
        {
            Method = method;
            Path = path.TrimStart('/');
            Target = target;
        }

        public HttpMethod Method { get; }
        /// <summary>Escaped path relative to the root, e.g. <c>v1/orgs/{oid}</c>.</summary>
        public string Path { get; }
        /// <summary>
        /// The absolute root of another service of the org (e.g. its regional search host, see
        /// <see cref="ServiceMap.RootAsync"/>) instead of the API URL; null for the API. The request still goes
        /// through the session's pipeline: token, retries, logging.
        /// </summary>
        public Uri? Root { get; set; }
        public TokenTarget? Target { get; }
        public List<KeyValuePair<string, string>> Query { get; } = new();
        public List<KeyValuePair<string, string>>? Form { get; set; }
        /// <summary>A text body, sent as <see cref="ContentType"/> (<c>application/json</c> when that is null).</summary>
        public string? Json { get; set; }
        /// <summary>A body of bytes, sent as <see cref="ContentType"/> (<c>application/octet-stream</c> when that is null).</summary>
        public byte[]? Bytes { get; set; }
        /// <summary>The media type of a <see cref="Json"/> or <see cref="Bytes"/> body, when it is not the default.</summary>
        public string? ContentType { get; set; }
        /// <summary>Extra headers, e.g. <c>x-idempotent-key</c> on tasking.</summary>
        public List<KeyValuePair<string, string>> Headers { get; } = new();
        /// <summary>The form field that carries the token instead of the Authorization header (see <see cref="ServiceMap.TokenFormFieldOf"/>).</summary>
        public string? TokenFormField { get; set; }
        /// <summary>Basic authentication instead of a token (the log-ingestion host); <see cref="Target"/> is then null.</summary>
        public BasicCredential? Basic { get; set; }
        /// <summary>Overrides the method's own idempotency (e.g. a POST carrying an idempotency key).</summary>
        public bool? Idempotent { get; set; }
        /// <summary>How long one attempt may wait for its answer when the session's timeout is shorter (a replay runs for minutes).</summary>
        public TimeSpan? MinimumTimeout { get; set; }

        /// <summary>
        /// Any JSON answer is returned as is (an empty body as an empty object). Otherwise an empty body to a GET, or a
        /// JSON root that is neither an object nor a list, is an invalid answer. Set for raw calls (Invoke-LcApi).
        /// </summary>
        public bool AcceptsAnyJson { get; set; }

        public bool IsIdempotent => Idempotent ?? (Method != HttpMethod.Post && Method != HttpMethod.Patch);

        /// <summary>Joins path segments, percent-encoding each with no safe characters (space = %20, / = %2F).</summary>
        public static string PathOf(params string[] segments) => string.Join("/", segments.Select(Segment));

        // URIs collapse "." and ".." even percent-encoded, so such a name would reach another resource.
        private static string Segment(string segment) => segment is "." or ".."
            ? throw new ArgumentException($"'{segment}' cannot be used as a name: in a URL path it means a directory step, so the request would reach another resource. Choose another name.")
            : Uri.EscapeDataString(segment);

        public LcRequest WithQuery(string name, string? value)
        {
            if (value is not null) Query.Add(new(name, value));
            return this;
        }

        public LcRequest WithForm(string name, string? value)
        {
            if (value is null) return this;
            (Form ??= new()).Add(new(name, value));
            return this;
        }

        public override string ToString() => $"{Method} /{Path}";
    }
}
