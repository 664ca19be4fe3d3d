using System;
using System.Collections.Generic;

namespace LimaCharlie
{
    /// <summary>A historical event of a sensor: its <c>routing</c> (where and when) and its <c>event</c> (what).</summary>
    public sealed class Event
    {
        public Guid SensorId { get; set; }
        public Guid OrganizationId { get; set; }
        public string? Hostname { get; set; }
        public string? EventType { get; set; }
        public DateTimeOffset? EventTime { get; set; }
        public string? EventId { get; set; }
        /// <summary>The event's atom (<c>routing/this</c>): its id in the process tree.</summary>
        public string? Atom { get; set; }
        public string? ParentAtom { get; set; }
        public IDictionary<string, object?> Routing { get; set; } = new JsonDictionary();
        /// <summary>The event's content (<c>event</c>).</summary>
        public IDictionary<string, object?> Data { get; set; } = new JsonDictionary();

        public override string ToString() => $"{EventTime:u} {EventType} {Hostname}";
    }

    /// <summary>A detection: a D&amp;R rule's report, with the event that triggered it.</summary>
    public sealed class Detection
    {
        public string DetectionId { get; set; } = string.Empty;
        public Guid OrganizationId { get; set; }
        /// <summary>The report's name (<c>cat</c>).</summary>
        public string? Category { get; set; }
        public string? Source { get; set; }
        public string? SourceRule { get; set; }
        public string? Namespace { get; set; }
        public string? Author { get; set; }
        public DateTimeOffset? Time { get; set; }
        public Guid? SensorId { get; set; }
        public string? Hostname { get; set; }
        public string? EventType { get; set; }
        public string? Link { get; set; }
        public IDictionary<string, object?> Routing { get; set; } = new JsonDictionary();
        /// <summary>The event that triggered the detection (<c>detect</c>).</summary>
        public IDictionary<string, object?> Detect { get; set; } = new JsonDictionary();
        public IDictionary<string, object?> Metadata { get; set; } = new JsonDictionary();

        public override string ToString() => $"{Time:u} {Category} {Hostname}";
    }

    /// <summary>An entry of the organization's audit log.</summary>
    public sealed class AuditEntry
    {
        public Guid OrganizationId { get; set; }
        public DateTimeOffset? Time { get; set; }
        /// <summary>What happened (<c>etype</c>).</summary>
        public string? EventType { get; set; }
        /// <summary>Who did it (key name or user).</summary>
        public string? Ident { get; set; }
        /// <summary>What happened, as a person reads it (<c>msg</c>).</summary>
        public string? Message { get; set; }
        public Guid? SensorId { get; set; }
        public IDictionary<string, object?> Entity { get; set; } = new JsonDictionary();
        public IDictionary<string, object?> Metadata { get; set; } = new JsonDictionary();

        public override string ToString() => $"{Time:u} {EventType} {Ident}: {Message}";
    }
}
