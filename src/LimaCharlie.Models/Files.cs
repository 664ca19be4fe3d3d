using System;
using System.Collections.Generic;

namespace LimaCharlie
{
    /// <summary>A file collected from a sensor (or sent by an adapter) and kept by Insight: a log, a memory dump, a pcap...</summary>
    public sealed class Artifact
    {
        /// <summary>The artifact's id (<c>payload_id</c>): what Save-LcArtifact downloads.</summary>
        public string PayloadId { get; set; } = string.Empty;
        public Guid OrganizationId { get; set; }
        public Guid? SensorId { get; set; }
        public string? Hostname { get; set; }
        /// <summary>The file's original path where it was collected.</summary>
        public string? Path { get; set; }
        /// <summary>Where it came from (<c>source</c>), e.g. a sensor or an adapter name.</summary>
        public string? Source { get; set; }
        /// <summary>The parse hint (<c>hint</c>, also called <c>type</c>): txt, json, pcap, evtx, dmp...</summary>
        public string? Type { get; set; }
        /// <summary>Size in bytes, when the API reports it.</summary>
        public long? Size { get; set; }
        public DateTimeOffset? Time { get; set; }
        /// <summary>When retention drops it, when the API reports it.</summary>
        public DateTimeOffset? ExpiresAt { get; set; }
        /// <summary>Fields of the listing the properties above do not name.</summary>
        public IDictionary<string, object?> Data { get; set; } = new JsonDictionary();

        public override string ToString() => $"{PayloadId} {Path}";
    }

    /// <summary>A payload: a file kept by the organization for sensors to fetch and run (<c>run --payload-name</c>).</summary>
    public sealed class Payload
    {
        public string Name { get; set; } = string.Empty;
        public Guid OrganizationId { get; set; }
        /// <summary>Size in bytes.</summary>
        public long? Size { get; set; }
        /// <summary>Who uploaded it (<c>by</c>): a user or an API key.</summary>
        public string? CreatedBy { get; set; }
        public DateTimeOffset? Created { get; set; }

        public override string ToString() => Name;
    }
}
