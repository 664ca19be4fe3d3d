using System;
using System.Collections.Generic;

namespace LimaCharlie
{
    /// <summary>A detection and response rule: a record of the <c>dr-general</c>, <c>dr-managed</c> or <c>dr-service</c> hive.</summary>
    public sealed class DrRule : HiveRecord
    {
        public string Name => Key;
        /// <summary>general, managed or service.</summary>
        public string Namespace => Hive.StartsWith("dr-", StringComparison.Ordinal) ? Hive.Substring(3) : Hive;
        public IDictionary<string, object?>? Detect => Data is not null && Data.TryGetValue("detect", out var d) ? d as IDictionary<string, object?> : null;
        public object?[]? Respond => Data is not null && Data.TryGetValue("respond", out var r) ? r as object?[] : null;
    }

    /// <summary>A false-positive rule: a record of the <c>fp</c> hive.</summary>
    public sealed class FpRule : HiveRecord
    {
        public string Name => Key;
        /// <summary>The rule that suppresses matching detections.</summary>
        public IDictionary<string, object?>? Rule => Data;
    }
}
