using System;
using System.Collections.Generic;

namespace LimaCharlie
{
    /// <summary>An extension available to an organization, with whether the organization is subscribed to it.</summary>
    public sealed class Extension
    {
        /// <summary>The extension's name, e.g. <c>ext-reliable-tasking</c>.</summary>
        public string Name { get; set; } = string.Empty;
        public Guid OrganizationId { get; set; }
        public bool Subscribed { get; set; }
        public string? Label { get; set; }
        public string? Description { get; set; }
        public string[] Tags { get; set; } = Array.Empty<string>();
        /// <summary>The permissions the extension asks for in a subscribed organization.</summary>
        public string[] Permissions { get; set; } = Array.Empty<string>();
        /// <summary>False for a subscription whose extension has no definition the caller can see.</summary>
        public bool HasDefinition { get; set; }
        /// <summary>Other fields of the extension's definition.</summary>
        public IDictionary<string, object?> Definition { get; set; } = new JsonDictionary();
        /// <summary>The organization's subscription record, as the API gives it (empty when not subscribed).</summary>
        public IDictionary<string, object?> Subscription { get; set; } = new JsonDictionary();

        public override string ToString() => Name;
    }
}
