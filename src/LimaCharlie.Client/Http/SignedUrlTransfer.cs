using System;
using System.Diagnostics;
using System.IO;
using System.Net;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;
using LimaCharlie.Client.Files;
using LimaCharlie.Client.Logging;

namespace LimaCharlie.Client.Http
{
    /// <summary>
    /// Moves bytes through the signed storage URLs the API hands out (payload <c>get_url</c>/<c>put_url</c>, artifact
    /// <c>export</c>). These go to another host, so they travel without the LimaCharlie JWT (the <c>lc-transfer</c>
    /// client has no authentication handler), with the session's retries and logging, and with the URL's query (its
    /// signature) masked wherever the URL is shown. Bodies are streamed from and to disk, never held in memory.
    /// </summary>
    public static class SignedUrlTransfer
    {
        private const int BufferSize = 81920;

        /// <summary>Longest wait for an export that answers 404 while it is being prepared.</summary>
        public static readonly TimeSpan ExportReadyTimeout = TimeSpan.FromMinutes(10);

        private static readonly TimeSpan MaxPollDelay = TimeSpan.FromSeconds(5);

        /// <summary>The URL of an API answer's field as a <see cref="Uri"/>: absolute, https (plain http only to loopback).</summary>
        public static Uri Parse(string? text, string method, string path, string field)
        {
            if (!Uri.TryCreate(text, UriKind.Absolute, out var url) || (url.Scheme != Uri.UriSchemeHttps && url.Scheme != Uri.UriSchemeHttp))
                throw ApiErrors.InvalidResponse(method, path, 200, $"'{field}' is not an http(s) URL", null);
            if (url.Scheme == Uri.UriSchemeHttp && !IsLoopback(url))
                throw ApiErrors.InvalidResponse(method, path, 200, $"'{field}' uses plain http to a remote host; the file would cross the network unencrypted", null);
            return url;
        }

        /// <summary>
        /// Streams the URL's body into <paramref name="file"/>. With <paramref name="waitUntilReady"/>, a 404 means
        /// "not ready yet" and is asked again with a growing delay, up to <see cref="ExportReadyTimeout"/>. A transfer cut
        /// mid-body starts again from the beginning, within the session's retry count.
        /// </summary>
        public static async Task<long> DownloadAsync(LcConnection connection, Uri url, PartialFile file, bool waitUntilReady,
            Action<long, long?>? progress, ILcLog log, CancellationToken ct)
        {
            var options = connection.Options;
            var shown = Redactor.RedactSignedUrl(url);
            var waited = Stopwatch.StartNew();
            var pollDelay = options.RetryBaseDelay > TimeSpan.Zero ? options.RetryBaseDelay : TimeSpan.FromMilliseconds(100);
            var restarts = 0;
            while (true)
            {
                var (response, context) = await SendAsync(connection, HttpMethod.Get, url, null, log, ct).ConfigureAwait(false);
                using (response)
                {
                    if (response.StatusCode == HttpStatusCode.NotFound && waitUntilReady)
                    {
                        if (waited.Elapsed + pollDelay > ExportReadyTimeout)
                            throw new LcApiException(
                                $"The export of {shown} was still not ready after {waited.Elapsed.TotalSeconds:0} s.", 404, null, "GET", shown,
                                ErrorIds.ExportNotReady);
                        log.Verbose($"The export is not ready yet; asking again in {pollDelay.TotalSeconds:0.##} s.");
                        await Task.Delay(pollDelay, ct).ConfigureAwait(false);
                        pollDelay = TimeSpan.FromTicks(Math.Min(pollDelay.Ticks * 2, MaxPollDelay.Ticks));
                        continue;
                    }
                    if (!response.IsSuccessStatusCode)
                        throw await FailureAsync(response, "GET", shown, context.Retries, ct).ConfigureAwait(false);

                    var total = response.Content.Headers.ContentLength;
                    try
                    {
                        var stream = await response.Content.ReadAsStreamAsync(ct).ConfigureAwait(false);
                        return await CopyAsync(stream, file.Stream, total, progress, options.Timeout, ct).ConfigureAwait(false);
                    }
                    catch (Exception e) when (e is IOException or HttpRequestException or TimeoutException && !ct.IsCancellationRequested)
                    {
                        if (++restarts > options.MaxRetryCount)
                            throw ApiErrors.Transport(e, "GET", shown, context.Retries + restarts - 1);
                        log.Verbose($"The download of {shown} broke off ({e.Message}); starting it again (retry {restarts} of at most {options.MaxRetryCount}).");
                        file.Restart();
                    }
                }
            }
        }

        /// <summary>PUTs a file's bytes (<c>application/octet-stream</c>), read from disk as they are sent; anything but 200 is an error.</summary>
        public static async Task UploadAsync(LcConnection connection, Uri url, string filePath, Action<long, long?>? progress, ILcLog log,
            CancellationToken ct)
        {
            var shown = Redactor.RedactSignedUrl(url);
            using var content = new FileUploadContent(filePath, progress);
            var (response, context) = await SendAsync(connection, HttpMethod.Put, url, content, log, ct).ConfigureAwait(false);
            using (response)
            {
                if (response.StatusCode != HttpStatusCode.OK)
                    throw await FailureAsync(response, "PUT", shown, context.Retries, ct).ConfigureAwait(false);
            }
        }

        private static async Task<(HttpResponseMessage Response, LcRequestContext Context)> SendAsync(LcConnection connection, HttpMethod method,
            Uri url, HttpContent? content, ILcLog log, CancellationToken ct)
        {
            var shown = Redactor.RedactSignedUrl(url);
            using var message = new HttpRequestMessage(method, url) { Content = content };
            var context = new LcRequestContext(connection.Pipeline, log, null, idempotent: true, $"{method} {shown}") { Mode = LcAnswerMode.Bytes };
            context.AttachTo(message);
            try
            {
                var response = await connection.Pipeline.Client(connection.Pipeline.TransferClientName)
                    .SendAsync(message, HttpCompletionOption.ResponseHeadersRead, ct).ConfigureAwait(false);
                return (response, context);
            }
            catch (Exception e) when (e is HttpRequestException or TimeoutException or IOException && !ct.IsCancellationRequested)
            {
                throw ApiErrors.Transport(e, method.Method, shown, context.Retries);
            }
        }

        internal static async Task<long> CopyAsync(Stream source, Stream destination, long? total, Action<long, long?>? progress, TimeSpan stall,
            CancellationToken ct)
        {
            var buffer = new byte[BufferSize];
            long done = 0;
            progress?.Invoke(0, total);
            while (true)
            {
                int n;
                using (var read = CancellationTokenSource.CreateLinkedTokenSource(ct))
                {
                    read.CancelAfter(stall);
                    try
                    {
                        n = await source.ReadAsync(buffer, read.Token).ConfigureAwait(false);
                    }
                    catch (OperationCanceledException) when (!ct.IsCancellationRequested)
                    {
                        throw new TimeoutException($"No data arrived for {stall.TotalSeconds:0.##} s.");
                    }
                }
                if (n == 0) break;
                await destination.WriteAsync(buffer.AsMemory(0, n), ct).ConfigureAwait(false);
                done += n;
                progress?.Invoke(done, total);
            }
            if (total is { } expected && done != expected)
                throw new IOException($"The transfer ended after {done} of {expected} bytes.");
            await destination.FlushAsync(ct).ConfigureAwait(false);
            return done;
        }

        /// <summary>The error of a refused transfer; storage answers in XML or text, quoted (masked) as the API's text.</summary>
        private static async Task<LcApiException> FailureAsync(HttpResponseMessage response, string method, string shown, int retries, CancellationToken ct)
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
            var error = ApiErrors.FromResponse(response, body, method, shown, retries);
            var (kind, action) = (int)response.StatusCode switch
            {
                400 or 401 or 403 => (ErrorIds.SignedUrlRefused, null),
                404 => (ErrorIds.NotFound, "The file is no longer there: check that it still exists."),
                _ => (error.Kind, error.RecommendedAction),
            };
            return new LcApiException(error.Message, error.StatusCode, error.ApiMessage, method, shown, kind, action, retries);
        }

        private static bool IsLoopback(Uri uri) =>
            uri.IsLoopback || (IPAddress.TryParse(uri.Host.Trim('[', ']'), out var ip) && IPAddress.IsLoopback(ip));
    }

    /// <summary>A request body read from a file as it is sent; sending it again (a retry) reads the file again.</summary>
    internal sealed class FileUploadContent : HttpContent
    {
        private const int BufferSize = 81920;
        private readonly string _path;
        private readonly long _length;
        private readonly Action<long, long?>? _progress;

        public FileUploadContent(string path, Action<long, long?>? progress)
        {
            _path = path;
            _length = new FileInfo(path).Length;
            _progress = progress;
            Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/octet-stream");
        }

        protected override Task SerializeToStreamAsync(Stream stream, TransportContext? context) =>
            SerializeToStreamAsync(stream, context, CancellationToken.None);

        protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context, CancellationToken cancellationToken)
        {
            await using var file = new FileStream(_path, FileMode.Open, FileAccess.Read, FileShare.Read, BufferSize, useAsync: true);
            if (file.Length != _length)
                throw new IOException($"'{_path}' changed size while it was being sent.");
            var buffer = new byte[BufferSize];
            long done = 0;
            _progress?.Invoke(0, _length);
            int n;
            while ((n = await file.ReadAsync(buffer, cancellationToken).ConfigureAwait(false)) > 0)
            {
                await stream.WriteAsync(buffer.AsMemory(0, n), cancellationToken).ConfigureAwait(false);
                done += n;
                _progress?.Invoke(done, _length);
            }
        }

        protected override bool TryComputeLength(out long length)
        {
            length = _length;
            return true;
        }
    }
}
