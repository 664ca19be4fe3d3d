using System;
using System.Buffers;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Net.Http;
using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Json;
using System.Threading;
using System.Threading.Channels;
using System.Threading.Tasks;
using LimaCharlie.Client.Auth;
using LimaCharlie.Client.Http;
using LimaCharlie.Client.Logging;

namespace LimaCharlie.Client.Streams
{
    /// <summary>
    /// One watch of an organization's live stream (sdk/spout.py): a background loop that keeps a connection to the
    /// stream host open, parses each record as it arrives into a bounded buffer, and opens the connection again
    /// (with a fresh token, after a backoff) whenever it breaks, reporting each gap as a warning since the service does
    /// not replay. Made by <see cref="LiveStream.Open{T}"/>; read it with <see cref="ReadAllAsync"/>, end it with
    /// <see cref="DisposeAsync"/> or the token given to Open.
    /// </summary>
    public sealed class LiveStreamReader<T> : IAsyncDisposable
    {
        private const int FirstBufferBytes = 64 * 1024;
        private const int MaxLineBytes = 64 * 1024 * 1024;
        private const int BatchHint = 64;
        private static readonly byte[] ErrorPrefix = "error:"u8.ToArray();

        private readonly LcConnection _connection;
        private readonly Guid _oid;
        private readonly LiveStreamKind _kind;
        private readonly LiveStreamFilter _filter;
        private readonly LiveStreamOptions _options;
        private readonly Func<JsonElement, Guid, T> _parse;
        private readonly ILcLog _log;
        private readonly Channel<T> _records;
        private readonly CancellationTokenSource _stop;
        private readonly TaskCompletionSource _connected = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private readonly Task _loop;
        private long _received;
        private long _dropped;
        private int _gaps;
        private int _skippedLines;

        internal LiveStreamReader(LcConnection connection, Guid oid, LiveStreamKind kind, LiveStreamFilter filter, LiveStreamOptions options,
            Func<JsonElement, Guid, T> parse, ILcLog log, CancellationToken ct)
        {
            if (options.BufferCapacity < 1) throw new ArgumentOutOfRangeException(nameof(options), "BufferCapacity must be at least 1.");
            if (options.IdleTimeout <= TimeSpan.Zero) throw new ArgumentOutOfRangeException(nameof(options), "IdleTimeout must be greater than zero.");
            (_connection, _oid, _kind, _filter, _options, _parse, _log) = (connection, oid, kind, filter, options, parse, log);
            _records = Channel.CreateBounded<T>(new BoundedChannelOptions(options.BufferCapacity)
            {
                SingleReader = true,
                SingleWriter = true,
                FullMode = BoundedChannelFullMode.Wait,
            });
            _stop = CancellationTokenSource.CreateLinkedTokenSource(ct);
            _loop = Task.Run(() => RunAsync(_stop.Token));
        }

        /// <summary>Records handed to the buffer so far.</summary>
        public long Received => Interlocked.Read(ref _received);

        /// <summary>Records the service said it dropped because they were not read fast enough.</summary>
        public long Dropped => Interlocked.Read(ref _dropped);

        /// <summary>Times the connection broke and was opened again (each one a gap the service does not replay).</summary>
        public int Gaps => Volatile.Read(ref _gaps);

        /// <summary>
        /// Completes when the service confirmed the first subscription (<c>{"__trace":"connected"}</c>, or the first
        /// record): from then on, what matches the filter reaches this reader. Throws what ended the watch, if it ended before.
        /// </summary>
        public Task WaitConnectedAsync(CancellationToken ct) => _connected.Task.WaitAsync(ct);

        /// <summary>
        /// Every record as it arrives, until the watch is disposed or cancelled (the enumeration then ends) or fails for
        /// good (the exception is thrown: <see cref="LcApiException"/> with the id of the failure).
        /// </summary>
        public async IAsyncEnumerable<T> ReadAllAsync([EnumeratorCancellation] CancellationToken ct = default)
        {
            var reader = _records.Reader;
            while (await reader.WaitToReadAsync(ct).ConfigureAwait(false))
            {
                // Records are arriving: a moment's wait lets a few more gather, so a consumer on another thread (a
                // cmdlet's pipeline) is woken once per batch rather than once per record.
                if (reader.Count < BatchHint) await Task.Delay(1, ct).ConfigureAwait(false);
                while (reader.TryRead(out var record)) yield return record;
            }
            await reader.Completion.ConfigureAwait(false);
        }

        public async ValueTask DisposeAsync()
        {
            _stop.Cancel();
            try
            {
                await _loop.ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
            }
            _stop.Dispose();
        }

        private enum End { Closed, Cut, Idle, Refused, Unauthorized }

        private async Task RunAsync(CancellationToken ct)
        {
            Exception? failure = null;
            try
            {
                await WatchAsync(ct).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested)
            {
            }
            catch (Exception e)
            {
                failure = e;
            }
            _records.Writer.TryComplete(failure);
            if (failure is not null) _connected.TrySetException(failure);
            else _connected.TrySetCanceled(ct.IsCancellationRequested ? ct : new CancellationToken(true));
        }

        private async Task WatchAsync(CancellationToken ct)
        {
            var target = TokenTarget.Organization(_oid);
            var root = await _connection.Services.RootAsync(_oid, ServiceMap.Stream, _log, ct).ConfigureAwait(false);
            var failures = 0;
            var refusals = 0;
            var renewed = false;
            var everConnected = false;
            DateTimeOffset? gapStart = null;
            string? gapReason = null;
            while (true)
            {
                if (failures > 0) await Task.Delay(Backoff(failures), ct).ConfigureAwait(false);
                var request = new LcRequest(HttpMethod.Post, _oid.ToString(), target)
                {
                    Root = root,
                    TokenFormField = ServiceMap.TokenFormFieldOf(ServiceMap.Stream),
                    Form = _filter.Form(_kind),
                };
                var connection = new Connection(this, gapStart, gapReason);
                End end;
                string? text;
                try
                {
                    (end, text) = await connection.ReadAsync(request, ct).ConfigureAwait(false);
                }
                catch (LcApiException e) when (everConnected && IsPassing(e))
                {
                    failures++;
                    _log.Warning($"The live stream could not be opened again ({e.Message}); trying again in {Backoff(failures).TotalSeconds:0.#} s.");
                    continue;
                }
                if (connection.Confirmed)
                {
                    (everConnected, failures, refusals, renewed) = (true, 0, 0, false);
                    gapStart = DateTimeOffset.UtcNow;
                    gapReason = end switch
                    {
                        End.Closed => "the service closed the connection",
                        End.Idle => $"nothing arrived for {_options.IdleTimeout.TotalSeconds:0.#} s",
                        _ => $"the connection broke{(text is null ? string.Empty : $": {text}")}",
                    };
                }
                switch (end)
                {
                    case End.Unauthorized when !renewed:
                        renewed = true;
                        _log.Verbose("The live stream refused the token; minting a new one.");
                        await _connection.Tokens.GetAsync(target, _connection.Tokens.Peek(target), _log, ct).ConfigureAwait(false);
                        continue;
                    case End.Unauthorized:
                        throw new LcApiException($"The live stream of organization {_oid} refused the session's token: {text}", 200, text, "POST",
                            Shown(root), ErrorIds.StreamRefused);
                    case End.Refused:
                        if (++refusals >= _options.MaxRefusedSubscriptions)
                            throw new LcApiException($"The live stream of organization {_oid} refused the subscription {refusals} times in a row: {text}", 200, text, "POST",
                                Shown(root), ErrorIds.StreamFailed);
                        failures++;
                        _log.Warning($"The live stream refused the subscription ({text}); trying again in {Backoff(failures).TotalSeconds:0.#} s.");
                        continue;
                }
                if (connection.Confirmed)
                {
                    _log.Verbose($"The live stream ended ({gapReason}); opening it again.");
                    continue;
                }
                failures++;
                if (!everConnected && failures >= _options.MaxRefusedSubscriptions)
                    throw new LcApiException($"The live stream of organization {_oid} ended {failures} times in a row before it confirmed the subscription.", 200, null, "POST",
                        Shown(root), ErrorIds.StreamFailed);
                _log.Verbose($"The live stream ended before it confirmed the subscription; trying again in {Backoff(failures).TotalSeconds:0.#} s.");
            }
        }

        /// <summary>Failures worth another attempt once the watch was up: the network, time-outs, and the service's 429 and 5xx.</summary>
        private static bool IsPassing(LcApiException e) => e.StatusCode is 0 or 408 or 429 or >= 500;

        private TimeSpan Backoff(int failures)
        {
            var options = _connection.Options;
            var baseMs = Math.Max(options.RetryBaseDelay.TotalMilliseconds, 1);
            var ms = Math.Min(options.RetryMaxDelay.TotalMilliseconds, baseMs * Math.Pow(2, Math.Min(failures - 1, 20)));
            return TimeSpan.FromMilliseconds(ms * (0.75 + Random.Shared.NextDouble() * 0.5));
        }

        private static string Shown(Uri root) => root.GetLeftPart(UriPartial.Authority) + "/";

        /// <summary>One HTTP connection of the watch: reads its lines until it ends, and says how.</summary>
        private sealed class Connection
        {
            private readonly LiveStreamReader<T> _owner;
            private readonly DateTimeOffset? _gapStart;
            private readonly string? _gapReason;

            public Connection(LiveStreamReader<T> owner, DateTimeOffset? gapStart, string? gapReason) =>
                (_owner, _gapStart, _gapReason) = (owner, gapStart, gapReason);

            /// <summary>Whether the service confirmed this subscription (or sent a record).</summary>
            public bool Confirmed { get; private set; }

            public async Task<(End End, string? Text)> ReadAsync(LcRequest request, CancellationToken ct)
            {
                var (response, _) = await _owner._connection.OpenAsync(request, LcAnswerMode.Stream, _owner._log, ct).ConfigureAwait(false);
                using (response)
                using (var idle = CancellationTokenSource.CreateLinkedTokenSource(ct))
                {
                    var buffer = ArrayPool<byte>.Shared.Rent(FirstBufferBytes);
                    var filled = 0;
                    try
                    {
                        idle.CancelAfter(_owner._options.IdleTimeout);
                        var body = await response.Content.ReadAsStreamAsync(idle.Token).ConfigureAwait(false);
                        while (true)
                        {
                            if (filled == buffer.Length)
                            {
                                if (buffer.Length >= MaxLineBytes) return (End.Cut, $"a line longer than {MaxLineBytes / (1024 * 1024)} MiB");
                                var larger = ArrayPool<byte>.Shared.Rent(buffer.Length * 2);
                                Buffer.BlockCopy(buffer, 0, larger, 0, filled);
                                ArrayPool<byte>.Shared.Return(buffer);
                                buffer = larger;
                            }
                            idle.CancelAfter(_owner._options.IdleTimeout);
                            int read;
                            try
                            {
                                read = await body.ReadAsync(buffer.AsMemory(filled), idle.Token).ConfigureAwait(false);
                            }
                            catch (OperationCanceledException) when (!ct.IsCancellationRequested)
                            {
                                return (End.Idle, null);
                            }
                            catch (Exception e) when (e is IOException or HttpRequestException && !ct.IsCancellationRequested)
                            {
                                return (End.Cut, e.Message);
                            }
                            if (read == 0)
                            {
                                if (filled > 0) _owner._log.Verbose($"The live stream ended inside a line; its {filled} bytes were discarded.");
                                return (End.Closed, null);
                            }
                            var start = 0;
                            var end = filled + read;
                            for (var i = filled; i < end; i++)
                            {
                                if (buffer[i] != (byte)'\n') continue;
                                var line = buffer.AsMemory(start, i - start);
                                start = i + 1;
                                var outcome = await LineAsync(line, idle, ct).ConfigureAwait(false);
                                if (outcome is { } stop) return stop;
                            }
                            filled = end - start;
                            if (filled > 0 && start > 0) Buffer.BlockCopy(buffer, start, buffer, 0, filled);
                        }
                    }
                    finally
                    {
                        ArrayPool<byte>.Shared.Return(buffer);
                    }
                }
            }

            /// <summary>Handles one line; returns how the connection ends when the line ends it.</summary>
            private async ValueTask<(End, string?)?> LineAsync(ReadOnlyMemory<byte> line, CancellationTokenSource idle, CancellationToken ct)
            {
                var span = line.Span.Trim(" \t\r"u8);
                if (span.IsEmpty) return null;
                if (span[0] != (byte)'{')
                {
                    var text = Encoding.UTF8.GetString(span);
                    if (span.StartsWith(ErrorPrefix)) return Error(text);
                    Skipped("a line that is not JSON", text);
                    return null;
                }
                T record;
                try
                {
                    using var doc = JsonDocument.Parse(line);
                    var root = doc.RootElement;
                    if (root.ValueKind == JsonValueKind.Object && root.TryGetProperty("__trace", out var trace))
                    {
                        Trace(trace, root);
                        return null;
                    }
                    record = _owner._parse(root, _owner._oid);
                }
                catch (JsonException)
                {
                    Skipped("a line that is not valid JSON", Encoding.UTF8.GetString(span));
                    return null;
                }
                Confirm();
                Interlocked.Increment(ref _owner._received);
                var writer = _owner._records.Writer;
                if (!writer.TryWrite(record))
                {
                    // The consumer is behind: stop reading (the idle clock too) until it makes room.
                    idle.CancelAfter(Timeout.Infinite);
                    await writer.WriteAsync(record, ct).ConfigureAwait(false);
                }
                return null;
            }

            private (End, string?)? Error(string text)
            {
                if (!Confirmed)
                    return text.Contains("unauthorized", StringComparison.OrdinalIgnoreCase) ? (End.Unauthorized, text) : (End.Refused, text);
                _owner._log.Warning($"The live stream reported: {text}");
                return null;
            }

            private void Trace(JsonElement trace, JsonElement root)
            {
                var what = trace.ValueKind == JsonValueKind.String ? trace.GetString() : trace.ToString();
                switch (what)
                {
                    case "connected":
                        Confirm();
                        break;
                    case "dropped":
                        var n = root.TryGetProperty("n", out var count) && count.TryGetInt64(out var value) ? value : 0;
                        var total = Interlocked.Add(ref _owner._dropped, n);
                        _owner._log.Warning($"The live stream dropped {n} record(s) because they were not read fast enough ({total} in all so far).");
                        break;
                    default:
                        if (_owner._log.IsDebugEnabled) _owner._log.Debug($"Live stream trace: {root.GetRawText()}");
                        break;
                }
            }

            private void Confirm()
            {
                if (Confirmed) return;
                Confirmed = true;
                var owner = _owner;
                if (_gapStart is { } from)
                {
                    var to = DateTimeOffset.UtcNow;
                    Interlocked.Increment(ref owner._gaps);
                    owner._log.Warning(string.Create(CultureInfo.InvariantCulture,
                        $"The live stream was interrupted for {(to - from).TotalSeconds:0.0##} s, from {from:HH:mm:ss.fff} to {to:HH:mm:ss.fff} UTC ({_gapReason}); what the service sent in that time is not replayed."));
                }
                else owner._log.Verbose($"The live stream of organization {owner._oid} is connected.");
                owner._connected.TrySetResult();
            }

            private void Skipped(string what, string text)
            {
                var n = Interlocked.Increment(ref _owner._skippedLines);
                if (n <= 10)
                    _owner._log.Warning($"The live stream sent {what}; it was skipped: {(text.Length > 200 ? text[..200] + "..." : text)}");
            }
        }
    }
}
