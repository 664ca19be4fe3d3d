using System;
using System.Collections.Generic;

namespace LimaCharlie
{
    /// <summary>An organization's quota usage (<c>GET /v1/quota_usage/{oid}</c>): the weighted total against the quota, by category.</summary>
    public sealed class OrgUsage
    {
        public Guid OrganizationId { get; set; }
        public long Usage { get; set; }
        public long Quota { get; set; }
        public OrgUsageCategory[] Breakdown { get; set; } = Array.Empty<OrgUsageCategory>();

        public override string ToString() => $"{Usage}/{Quota}";
    }

    /// <summary>One category of quota usage: how many, and their weighted share of the organization's usage.</summary>
    public sealed class OrgUsageCategory
    {
        public string Category { get; set; } = string.Empty;
        public long Count { get; set; }
        /// <summary>The weighted count (the API's <c>quota</c> of the category): what the category adds to <see cref="OrgUsage.Usage"/>.</summary>
        public double Usage { get; set; }

        public override string ToString() => $"{Category}: {Count} ({Usage})";
    }

    /// <summary>One day of an organization's usage history (<c>GET /v1/usage/{oid}</c>).</summary>
    public sealed class OrgUsageDay
    {
        public Guid OrganizationId { get; set; }
        public DateTime Date { get; set; }
        public long? SensorEvents { get; set; }
        public long? OutputBytes { get; set; }
        public long? ReplayEvaluations { get; set; }
        public long? PeakSensors { get; set; }
        /// <summary>Every metric of the day as the API names it (<c>sensor_events</c>, <c>output_bytes_tx</c>...).</summary>
        public IDictionary<string, object?> Metrics { get; set; } = new JsonDictionary();
        public bool FromCache { get; set; }

        public override string ToString() => Date.ToString("yyyy-MM-dd");
    }

    /// <summary>An error reported by a component of an organization (an output, an extension, an adapter...).</summary>
    public sealed class OrgError
    {
        public Guid OrganizationId { get; set; }
        public string Component { get; set; } = string.Empty;
        public string? Error { get; set; }
        public DateTimeOffset? Time { get; set; }
        /// <summary>The error's <c>extra</c> detail, as plain values.</summary>
        public object? Extra { get; set; }

        public override string ToString() => $"{Component}: {Error}";
    }

    /// <summary>An event type of an organization and, when asked for one type, its elements (<c>type:path</c>).</summary>
    public sealed class EventSchema
    {
        public Guid OrganizationId { get; set; }
        /// <summary>The full name, e.g. <c>evt:NEW_PROCESS</c>.</summary>
        public string EventType { get; set; } = string.Empty;
        /// <summary>The name without its prefix, e.g. <c>NEW_PROCESS</c>.</summary>
        public string Name { get; set; } = string.Empty;
        /// <summary>The elements as the API writes them, e.g. <c>string:event/FILE_PATH</c>; empty in a listing of types.</summary>
        public string[] Elements { get; set; } = Array.Empty<string>();
        /// <summary>The elements split into type and path.</summary>
        public EventSchemaElement[] Fields { get; set; } = Array.Empty<EventSchemaElement>();

        public override string ToString() => EventType;
    }

    /// <summary>One element of an event schema: <c>string:event/FILE_PATH</c> is type <c>string</c>, path <c>event/FILE_PATH</c>.</summary>
    public sealed class EventSchemaElement
    {
        public string Type { get; set; } = string.Empty;
        public string Path { get; set; } = string.Empty;

        public override string ToString() => $"{Type}:{Path}";
    }

    // 64-bit so that ConvertTo-Json writes the name: it writes other enums as numbers unless given -EnumsAsStrings.
    /// <summary>Which sensor version an organization runs: a specific one, the latest, the stable one, or dormant sensors.</summary>
    public enum SensorVersionChoice : long
    {
        Specific,
        Latest,
        Stable,
        Dormant,
    }
}
