using System;
using System.Collections.Generic;

namespace LimaCharlie.Client.Streams
{
    /// <summary>Which records a live stream carries: the form field <c>type</c> of sdk/spout.py.</summary>
    public enum LiveStreamKind
    {
        Event,
        Detect,
        Audit,
    }

    /// <summary>What the stream service filters on, sent as the form fields sdk/spout.py sends (<c>sid</c>, <c>tag</c>, <c>cat</c>, <c>inv_id</c>).</summary>
    public sealed class LiveStreamFilter
    {
        /// <summary>Only records of this sensor (<c>sid</c>).</summary>
        public Guid? SensorId { get; set; }

        /// <summary>Only records of sensors carrying this tag (<c>tag</c>).</summary>
        public string? Tag { get; set; }

        /// <summary>Only detections of this category (<c>cat</c>).</summary>
        public string? Category { get; set; }

        /// <summary>Only records of this investigation (<c>inv_id</c>): the answers of tasks sent with that id.</summary>
        public string? InvestigationId { get; set; }

        internal static string TypeOf(LiveStreamKind kind) => kind switch
        {
            LiveStreamKind.Detect => "detect",
            LiveStreamKind.Audit => "audit",
            _ => "event",
        };

        internal List<KeyValuePair<string, string>> Form(LiveStreamKind kind)
        {
            var form = new List<KeyValuePair<string, string>> { new("type", TypeOf(kind)) };
            if (SensorId is { } sid && sid != Guid.Empty) form.Add(new("sid", sid.ToString()));
            if (!string.IsNullOrEmpty(Tag)) form.Add(new("tag", Tag));
            if (!string.IsNullOrEmpty(Category)) form.Add(new("cat", Category));
            if (!string.IsNullOrEmpty(InvestigationId)) form.Add(new("inv_id", InvestigationId));
            return form;
        }
    }

    /// <summary>How a live stream reader buffers, waits and reconnects.</summary>
    public sealed class LiveStreamOptions
    {
        /// <summary>
        /// Records kept for a consumer slower than the stream. When it is full the reader stops reading the connection
        /// until there is room, so memory stays flat; the service then drops what it cannot send and says how many
        /// (<c>{"__trace":"dropped","n":N}</c>), which the reader counts and reports. Default 1024, as sdk/spout.py.
        /// </summary>
        public int BufferCapacity { get; set; } = 1024;

        /// <summary>
        /// A connection on which nothing arrives for this long (not even the service's keep-alive, sent every 60 s) is
        /// taken as dead and opened again. Default 121 s, as sdk/spout.py.
        /// </summary>
        public TimeSpan IdleTimeout { get; set; } = TimeSpan.FromSeconds(121);

        /// <summary>Subscriptions the service refuses in a row (an <c>error:</c> line before it confirms) before the reader gives up. Default 5.</summary>
        public int MaxRefusedSubscriptions { get; set; } = 5;
    }
}
