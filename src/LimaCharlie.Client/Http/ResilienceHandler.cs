using System;
using System.IO;
using System.Net;
using System.Net.Http;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using Polly;
using Polly.Retry;

namespace LimaCharlie.Client.Http
{
    /// <summary>
    /// Retries what is worth retrying (429, and for idempotent requests 500/502/503/504, timeouts and broken
    /// connections) with capped exponential backoff and jitter, honouring Retry-After, within the session's retry
    /// budget and retry count. When the budget is spent the last answer is returned, so the error names its status.
    /// A connection that cannot be made at all (refused, unknown host, TLS handshake) gets at most a quick retry or two:
    /// it rarely heals within the budget. A wait longer than <see cref="AnnouncedWait"/> is announced as a warning.
    /// What happens after the headers depends on the request's <see cref="LcAnswerMode"/>.
    /// </summary>
    internal sealed class ResilienceHandler : DelegatingHandler
    {
        private static readonly ResiliencePropertyKey<RetryState> StateKey = new("LimaCharlie.RetryState");

        /// <summary>Most retries of a request whose connection could not be made; the wait before each is at most <see cref="ConnectRetryMaxDelay"/>.</summary>
        internal const int ConnectRetries = 2;

        internal static readonly TimeSpan ConnectRetryMaxDelay = TimeSpan.FromSeconds(1);

        /// <summary>Waits longer than this are written as a warning (what is retried, why, and when); shorter ones to -Verbose.</summary>
        internal static readonly TimeSpan AnnouncedWait = TimeSpan.FromSeconds(2);

        private static readonly ResiliencePipeline<HttpResponseMessage> Retry = new ResiliencePipelineBuilder<HttpResponseMessage>()
            .AddRetry(new RetryStrategyOptions<HttpResponseMessage>
            {
                MaxRetryAttempts = int.MaxValue,
                ShouldHandle = args => new ValueTask<bool>(Decide(args.Outcome, args.AttemptNumber, args.Context)),
                DelayGenerator = args => new ValueTask<TimeSpan?>(args.Context.Properties.GetValue(StateKey, null!)?.NextDelay ?? TimeSpan.Zero),
                OnRetry = args =>
                {
                    if (args.Context.Properties.GetValue(StateKey, null!) is { } state)
                    {
                        var text = $"Retrying {state.Description} in {args.RetryDelay.TotalSeconds:0.#} s ({state.Reason}; {state.Count}).";
                        if (args.RetryDelay > AnnouncedWait) state.Context.Log.Warning(text);
                        else state.Context.Log.Verbose(text);
                    }
                    args.Outcome.Result?.Dispose();
                    return default;
                },
            })
            .Build();

        private sealed class RetryState
        {
            public RetryState(LcRequestContext context, string description)
            {
                Context = context;
                Description = description;
            }

            public LcRequestContext Context { get; }
            public string Description { get; }
            public TimeSpan NextDelay { get; set; }
            public string Reason { get; set; } = string.Empty;
            /// <summary>Which retry the next one is, and of how many at most: "retry 2 of at most 8".</summary>
            public string Count { get; set; } = string.Empty;
            public int ConnectFailures { get; set; }
        }

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var context = LcRequestContext.From(request);
            if (context is null) return await base.SendAsync(request, cancellationToken).ConfigureAwait(false);

            var polly = ResilienceContextPool.Shared.Get(cancellationToken);
            polly.Properties.Set(StateKey, new RetryState(context, context.Description ?? $"{request.Method} {request.RequestUri?.AbsolutePath}"));
            try
            {
                var outcome = await Retry.ExecuteOutcomeAsync(
                    async (ctx, state) =>
                    {
                        try { return Outcome.FromResult(await state.Handler.SendAttemptAsync(state.Request, state.Context, ctx.CancellationToken).ConfigureAwait(false)); }
                        catch (Exception e) { return Outcome.FromException<HttpResponseMessage>(e); }
                    },
                    polly, (Handler: this, Request: request, Context: context)).ConfigureAwait(false);
                outcome.ThrowIfException();
                return outcome.Result!;
            }
            finally
            {
                ResilienceContextPool.Shared.Return(polly);
            }
        }

        private async Task<HttpResponseMessage> SendAttemptAsync(HttpRequestMessage request, LcRequestContext context, CancellationToken cancellationToken)
        {
            context.Attempt++;
            using var attempt = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            attempt.CancelAfter(context.Timeout);
            HttpResponseMessage? response = null;
            try
            {
                response = await base.SendAsync(request, attempt.Token).ConfigureAwait(false);
                // JSON answers are small documents read whole anyway: reading them inside the attempt lets a body cut
                // mid-way be retried like any other broken connection. Streams and bytes are read by the caller.
                if (context.Mode == LcAnswerMode.Json)
                {
                    await response.Content.LoadIntoBufferAsync(attempt.Token).ConfigureAwait(false);
                    context.CutShort = response.IsSuccessStatusCode && await IsCutShortJsonAsync(response).ConfigureAwait(false);
                }
                return response;
            }
            catch (Exception e)
            {
                response?.Dispose();
                if (e is OperationCanceledException && !cancellationToken.IsCancellationRequested)
                    throw new TimeoutException($"No answer within {context.Timeout.TotalSeconds:0.##} s.");
                throw;
            }
        }

        /// <summary>
        /// A JSON answer that ends before its document does: what a gzip page cut short looks like once decompressed
        /// (the decompressor does not notice a missing end; the HTTP framing was complete).
        /// </summary>
        private static async Task<bool> IsCutShortJsonAsync(HttpResponseMessage response)
        {
            var mediaType = response.Content.Headers.ContentType?.MediaType;
            if (mediaType is null || !mediaType.Contains("json", StringComparison.OrdinalIgnoreCase)) return false;
            var stream = await response.Content.ReadAsStreamAsync().ConfigureAwait(false);
            var bytes = stream is MemoryStream memory && memory.TryGetBuffer(out var buffer)
                ? new ReadOnlyMemory<byte>(buffer.Array, buffer.Offset, buffer.Count)
                : await response.Content.ReadAsByteArrayAsync().ConfigureAwait(false);
            if (bytes.Span.Trim(" \t\r\n"u8).IsEmpty) return false;
            try
            {
                var reader = new Utf8JsonReader(bytes.Span, new JsonReaderOptions { CommentHandling = JsonCommentHandling.Skip });
                while (reader.Read()) { }
                return false;
            }
            catch (JsonException)
            {
                return true;
            }
        }

        private static bool Decide(Outcome<HttpResponseMessage> outcome, int attemptNumber, ResilienceContext polly)
        {
            var state = polly.Properties.GetValue(StateKey, null!);
            if (state is null || polly.CancellationToken.IsCancellationRequested) return false;
            var context = state.Context;
            var options = context.Pipeline.Options;
            if (attemptNumber >= options.MaxRetryCount) return false;

            TimeSpan? serverDelay = null;
            var maxDelay = options.RetryMaxDelay;
            state.Count = $"retry {attemptNumber + 1} of at most {options.MaxRetryCount}";
            if (outcome.Result is { } response)
            {
                var status = (int)response.StatusCode;
                // 429 means the request was refused before any work; a 5xx may come after the work was done.
                var retryable = status == 429 || (context.Idempotent && status is 500 or 502 or 503 or 504);
                if (context.CutShort && context.Idempotent)
                {
                    state.Reason = $"{status} {response.ReasonPhrase} with a JSON body cut short";
                }
                else
                {
                    if (!retryable) return false;
                    state.Reason = $"{status} {response.ReasonPhrase}";
                }
                serverDelay = RetryAfter(response);
            }
            else if (outcome.Exception is { } error)
            {
                var failure = Classify(error);
                if (failure == Failure.Permanent || failure == Failure.Ambiguous && !context.Idempotent) return false;
                if (failure == Failure.NoConnection)
                {
                    if (++state.ConnectFailures > ConnectRetries)
                    {
                        context.Log.Verbose($"Not retrying {state.Description} ({error.Message}): the connection failed {state.ConnectFailures} times.");
                        return false;
                    }
                    state.Count = $"connection retry {state.ConnectFailures} of at most {ConnectRetries}";
                    if (ConnectRetryMaxDelay < maxDelay) maxDelay = ConnectRetryMaxDelay;
                }
                state.Reason = error.Message;
            }
            else
            {
                return false;
            }

            var delay = serverDelay ?? Backoff(attemptNumber, options.RetryBaseDelay, maxDelay);
            if (context.Clock.Elapsed + delay > options.RetryBudget)
            {
                context.Log.Verbose($"Not retrying {state.Description} ({state.Reason}): waiting {delay.TotalSeconds:0.##} s more would pass the retry budget of {options.RetryBudget.TotalSeconds:0.##} s.");
                return false;
            }
            state.NextDelay = delay;
            return true;
        }

        internal enum Failure
        {
            /// <summary>Not worth repeating (a programming error, a cancelled call).</summary>
            Permanent,
            /// <summary>The connection could not be made (refused, unknown host, TLS handshake): nothing was sent.</summary>
            NoConnection,
            /// <summary>A broken connection or a time-out: the request may have been carried out.</summary>
            Ambiguous,
        }

        internal static Failure Classify(Exception error) => error switch
        {
            HttpRequestException
            {
                HttpRequestError: HttpRequestError.ConnectionError or HttpRequestError.NameResolutionError or HttpRequestError.SecureConnectionError,
            } => Failure.NoConnection,
            HttpRequestException or IOException or TimeoutException => Failure.Ambiguous,
            _ => Failure.Permanent,
        };

        private static TimeSpan Backoff(int attemptNumber, TimeSpan baseDelay, TimeSpan maxDelay)
        {
            var exponential = baseDelay.TotalMilliseconds * Math.Pow(2, Math.Min(attemptNumber, 30));
            var capped = Math.Min(exponential, maxDelay.TotalMilliseconds);
            return TimeSpan.FromMilliseconds(capped * (0.5 + Random.Shared.NextDouble() * 0.5));
        }

        private static TimeSpan? RetryAfter(HttpResponseMessage response)
        {
            var header = response.Headers.RetryAfter;
            if (header?.Delta is { } delta) return delta < TimeSpan.Zero ? TimeSpan.Zero : delta;
            if (header?.Date is { } date)
            {
                var wait = date - DateTimeOffset.UtcNow;
                return wait < TimeSpan.Zero ? TimeSpan.Zero : wait;
            }
            return null;
        }
    }
}
