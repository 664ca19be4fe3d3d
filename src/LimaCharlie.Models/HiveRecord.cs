using System;
using System.Collections.Generic;

namespace LimaCharlie
{
    /// <summary>A record of the Hive, LimaCharlie's configuration store (D&amp;R rules, FP rules, secrets, lookups ...).</summary>
    public class HiveRecord
    {
        public string Hive { get; set; } = string.Empty;
        /// <summary>The record's name (its key in the hive).</summary>
        public string Key { get; set; } = string.Empty;
        /// <summary>The partition: the organization id for organization hives.</summary>
        public string PartitionKey { get; set; } = string.Empty;
        public Guid OrganizationId { get; set; }
        /// <summary>The record's content; empty when only metadata was read.</summary>
        public IDictionary<string, object?>? Data { get; set; }
        public bool Enabled { get; set; }
        /// <summary>When the record expires; empty for never.</summary>
        public DateTimeOffset? Expiry { get; set; }
        public string[] Tags { get; set; } = Array.Empty<string>();
        public string? Comment { get; set; }
        /// <summary>The record's actions in the web app (<c>usr_mtd.ui_actions</c>: label, location); empty when it has none. Writes keep them.</summary>
        public object?[]? UiActions { get; set; }
        /// <summary>The version of the record; pass it back to a change to make it fail if someone else changed the record meanwhile.</summary>
        public string? Etag { get; set; }
        public string? Guid { get; set; }
        public string? CreatedBy { get; set; }
        public DateTimeOffset? CreatedAt { get; set; }
        public string? LastAuthor { get; set; }
        public DateTimeOffset? LastModified { get; set; }
        public string? LastError { get; set; }

        public override string ToString() => $"{Hive}/{Key}";
    }
}
