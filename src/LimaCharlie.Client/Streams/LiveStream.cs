using System;
using System.Collections.Generic;
using System.Runtime.CompilerServices;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using LimaCharlie.Client.Api;
using LimaCharlie.Client.Logging;

namespace LimaCharlie.Client.Streams
{
    /// <summary>
    /// The organization's live stream (the stream host's <c>POST /{oid}</c>, as sdk/spout.py): events, detections and
    /// audit entries as they happen, parsed into the types of the history listings.
    /// </summary>
    public sealed class LiveStream : OrganizationArea
    {
        internal LiveStream(LcOrganizationClient owner) : base(owner) { }

        /// <summary>
        /// Starts watching at once (the connection opens in the background): <see cref="LiveStreamReader{T}.WaitConnectedAsync"/>
        /// completes when the service confirmed the subscription, <see cref="LiveStreamReader{T}.ReadAllAsync"/> yields
        /// each record as it arrives. <typeparamref name="T"/> is <see cref="Event"/> for <see cref="LiveStreamKind.Event"/>,
        /// <see cref="Detection"/> for <see cref="LiveStreamKind.Detect"/>, <see cref="AuditEntry"/> for
        /// <see cref="LiveStreamKind.Audit"/>. Dispose the reader to end the watch; cancelling <paramref name="ct"/> does too.
        /// </summary>
        public LiveStreamReader<T> Open<T>(LiveStreamKind kind, LiveStreamFilter? filter, LiveStreamOptions? options, CancellationToken ct) =>
            new(Connection, OrganizationId, kind, filter ?? new LiveStreamFilter(), options ?? new LiveStreamOptions(), ParserOf<T>(kind), Log, ct);

        /// <summary>Opens a watch, yields its records until <paramref name="ct"/> is cancelled or the caller stops, and closes it.</summary>
        public async IAsyncEnumerable<T> WatchAsync<T>(LiveStreamKind kind, LiveStreamFilter? filter, LiveStreamOptions? options,
            [EnumeratorCancellation] CancellationToken ct)
        {
            var reader = Open<T>(kind, filter, options, ct);
            await using (reader.ConfigureAwait(false))
            {
                await foreach (var record in reader.ReadAllAsync(ct).ConfigureAwait(false)) yield return record;
            }
        }

        private static Func<JsonElement, Guid, T> ParserOf<T>(LiveStreamKind kind)
        {
            Delegate parse = kind switch
            {
                LiveStreamKind.Event => (Func<JsonElement, Guid, Event>)InsightApi.ParseEvent,
                LiveStreamKind.Detect => (Func<JsonElement, Guid, Detection>)InsightApi.ParseDetection,
                LiveStreamKind.Audit => (Func<JsonElement, Guid, AuditEntry>)InsightApi.ParseAudit,
                _ => throw new ArgumentOutOfRangeException(nameof(kind)),
            };
            if (typeof(T) == typeof(JsonElement)) return (Func<JsonElement, Guid, T>)(Delegate)(Func<JsonElement, Guid, JsonElement>)((e, _) => e.Clone());
            return parse as Func<JsonElement, Guid, T>
                ?? throw new ArgumentException($"A {kind} stream yields {parse.Method.ReturnType.Name} records, not {typeof(T).Name}.");
        }
    }
}

namespace LimaCharlie.Client.Api
{
    public static partial class OrganizationAreas
    {
        extension(LcOrganizationClient organization)
        {
            /// <summary>The organization's live stream: events, detections and audit entries as they happen.</summary>
            public Streams.LiveStream LiveStream => new(organization);
        }
    }
}
