using System;
using System.Collections.Generic;

namespace LimaCharlie
{
    /// <summary>A LimaCharlie organization (tenant).</summary>
    public sealed class Organization
    {
        public Guid OrganizationId { get; set; }
        public string? Name { get; set; }
        public string? Description { get; set; }
        /// <summary>Datacenter region, e.g. <c>usa</c> or <c>europe</c>.</summary>
        public string? Region { get; set; }
        public string? SiteName { get; set; }
        public string? Status { get; set; }
        public int? SensorQuota { get; set; }
        public int? SensorsOnline { get; set; }
        public string? SensorVersion { get; set; }
        public bool? IsOwner { get; set; }
        /// <summary>The caller's permissions in this organization, when the API lists them.</summary>
        public string[] Permissions { get; set; } = Array.Empty<string>();
        /// <summary>Fields of the API's answer that this type does not name.</summary>
        public IDictionary<string, object?> AdditionalProperties { get; set; } = new JsonDictionary();

        public override string ToString() => Name is null ? OrganizationId.ToString() : $"{Name} ({OrganizationId})";
    }
}
