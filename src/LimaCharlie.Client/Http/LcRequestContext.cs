using System;
using System.Diagnostics;
using System.Net.Http;
using LimaCharlie.Client.Auth;
using LimaCharlie.Client.Logging;

namespace LimaCharlie.Client.Http
{
    /// <summary>What the handlers need to know about one request; travels in <see cref="HttpRequestMessage.Options"/>.</summary>
    public sealed class LcRequestContext
    {
        private static readonly HttpRequestOptionsKey<LcRequestContext> Key = new("LimaCharlie.RequestContext");

        public LcRequestContext(LcPipeline pipeline, ILcLog log, TokenTarget? target, bool idempotent, string? description = null,
            TokenHolder? tokens = null)
        {
            Pipeline = pipeline;
            Log = log;
            Target = target;
            Idempotent = idempotent;
            Description = description;
            Tokens = tokens;
        }

        public LcPipeline Pipeline { get; }
        public ILcLog Log { get; }
        /// <summary>The token to attach; null for calls that need none (the JWT endpoint, /orgs/{oid}/url).</summary>
        public TokenTarget? Target { get; }
        public TokenHolder? Tokens { get; }
        /// <summary>Whether repeating the request after an ambiguous failure (500, timeout, reset) is safe.</summary>
        public bool Idempotent { get; }
        public string? Description { get; }
        /// <summary>How the answer is read: JSON read whole within the attempt (the default), a stream of records, or bytes.</summary>
        public LcAnswerMode Mode { get; init; } = LcAnswerMode.Json;
        /// <summary>The longest an attempt waits: the session's timeout, or the request's minimum when that is longer.</summary>
        public TimeSpan Timeout => MinimumTimeout is { } least && least > Pipeline.Options.Timeout ? least : Pipeline.Options.Timeout;
        public TimeSpan? MinimumTimeout { get; init; }
        /// <summary>The form field that carries the token instead of the Authorization header (the stream host reads <c>jwt</c>); null for the header.</summary>
        public string? TokenFormField { get; init; }
        /// <summary>Basic authentication the request carries instead of a token; never renewed, a 401 goes back to the caller.</summary>
        public BasicCredential? Basic { get; init; }
        public int Attempt { get; set; }
        /// <summary>The last attempt's answer was JSON that ends before its document does (a truncated page).</summary>
        public bool CutShort { get; set; }
        public int Retries => Math.Max(0, Attempt - 1);
        public Stopwatch Clock { get; } = Stopwatch.StartNew();

        public void AttachTo(HttpRequestMessage request) => request.Options.Set(Key, this);

        public static LcRequestContext? From(HttpRequestMessage request) =>
            request.Options.TryGetValue(Key, out var context) ? context : null;
    }
}
