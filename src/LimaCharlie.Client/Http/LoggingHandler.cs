using System;
using System.Diagnostics;
using System.Linq;
using System.Net.Http;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using LimaCharlie.Client.Logging;

namespace LimaCharlie.Client.Http
{
    /// <summary>
    /// Sets the User-Agent and reports every attempt: one -Verbose line (method, path, status, time, retry), and with
    /// -Debug the headers and bodies with every secret masked.
    /// </summary>
    internal sealed class LoggingHandler : DelegatingHandler
    {
        private const int MaxLoggedBody = 4096;

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var context = LcRequestContext.From(request);
            if (context is null) return await base.SendAsync(request, cancellationToken).ConfigureAwait(false);

            request.Headers.UserAgent.Clear();
            request.Headers.TryAddWithoutValidation("User-Agent", context.Pipeline.UserAgent);
            var log = context.Log;
            if (!log.IsVerboseEnabled && !log.IsDebugEnabled)
            {
                var quiet = await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
                WarnOfRateLimit(quiet, log);
                return quiet;
            }

            var target = $"{request.Method} {Shown(request.RequestUri)}";
            var retry = context.Attempt > 1 ? $" (retry {context.Attempt - 1})" : string.Empty;
            if (log.IsDebugEnabled) log.Debug(await DescribeRequestAsync(request, target).ConfigureAwait(false));

            var clock = Stopwatch.StartNew();
            HttpResponseMessage response;
            try
            {
                response = await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
            }
            catch (HttpRequestException e)
            {
                log.Verbose($"{target} failed after {clock.ElapsedMilliseconds} ms{retry}: {e.Message}");
                throw;
            }
            catch (OperationCanceledException)
            {
                log.Verbose($"{target} gave up after {clock.ElapsedMilliseconds} ms{retry}: {(cancellationToken.IsCancellationRequested ? "timed out or cancelled" : "cancelled")}.");
                throw;
            }

            log.Verbose($"{target} -> {(int)response.StatusCode} {response.ReasonPhrase} in {clock.ElapsedMilliseconds} ms{retry}");
            WarnOfRateLimit(response, log);
            if (log.IsDebugEnabled) log.Debug(await DescribeResponseAsync(response, target, context.Mode).ConfigureAwait(false));
            return response;
        }

        /// <summary>The URL as logged: the path and the query with secrets masked; a signed URL whole, its query masked (it is the credential).</summary>
        private static string Shown(Uri? url) =>
            url is null ? string.Empty
            : Redactor.IsSignedUrl(url) ? Redactor.RedactSignedUrl(url)
            : $"{url.AbsolutePath}{Redactor.RedactQuery(url.Query)}";

        private static void WarnOfRateLimit(HttpResponseMessage response, ILcLog log)
        {
            if (response.IsSuccessStatusCode && response.Headers.TryGetValues("X-RateLimit-Quota", out var quota))
                log.Warning($"The API reports a rate limit for this key ({quota.FirstOrDefault()} calls per {Header(response, "X-RateLimit-Period") ?? "?"} s): calls may soon be refused with 429.");
        }

        private static string? Header(HttpResponseMessage response, string name) =>
            response.Headers.TryGetValues(name, out var values) ? values.FirstOrDefault() : null;

        /// <summary>The request; a body that is neither a form nor text (a file's bytes) is shown by its length only.</summary>
        private static async Task<string> DescribeRequestAsync(HttpRequestMessage request, string target)
        {
            var text = new StringBuilder($"HTTP request {target}");
            foreach (var h in request.Headers) text.Append($"\n  {h.Key}: {Redactor.RedactHeader(h.Key, string.Join(", ", h.Value))}");
            if (request.Content is FormBody form)
                text.Append($"\n  body (form): {Redactor.RedactPairs(form.Pairs)}");
            else if (request.Content is StringContent)
                text.Append($"\n  body: {Truncate(Redactor.RedactText(await request.Content.ReadAsStringAsync().ConfigureAwait(false)))}");
            else if (request.Content is not null)
                text.Append($"\n  body: {request.Content.Headers.ContentLength?.ToString() ?? "?"} bytes (not shown)");
            return text.ToString();
        }

        private static async Task<string> DescribeResponseAsync(HttpResponseMessage response, string target, LcAnswerMode mode)
        {
            var text = new StringBuilder($"HTTP response {target}: {(int)response.StatusCode} {response.ReasonPhrase}");
            foreach (var h in response.Headers) text.Append($"\n  {h.Key}: {Redactor.RedactHeader(h.Key, string.Join(", ", h.Value))}");
            if (mode != LcAnswerMode.Json && response.IsSuccessStatusCode)
            {
                text.Append($"\n  body: {response.Content.Headers.ContentLength?.ToString() ?? "?"} bytes (streamed, not shown)");
                return text.ToString();
            }
            await response.Content.LoadIntoBufferAsync().ConfigureAwait(false);
            var body = await response.Content.ReadAsStringAsync().ConfigureAwait(false);
            text.Append($"\n  body: {Truncate(Redactor.RedactText(body))}");
            return text.ToString();
        }

        private static string Truncate(string body) =>
            body.Length <= MaxLoggedBody ? body : body[..MaxLoggedBody] + $"... ({body.Length - MaxLoggedBody} more characters)";
    }
}
