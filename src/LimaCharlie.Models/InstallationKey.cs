using System;
using System.Collections.Generic;
using System.Security;

namespace LimaCharlie
{
    /// <summary>An installation key: what sensors enroll with. The key itself is a SecureString; it is never shown.</summary>
    public sealed class InstallationKey
    {
        public Guid InstallationKeyId { get; set; }
        public Guid OrganizationId { get; set; }
        public string? Description { get; set; }
        /// <summary>Tags applied to every sensor that enrolls with this key.</summary>
        public string[] Tags { get; set; } = Array.Empty<string>();
        public DateTimeOffset? CreatedAt { get; set; }
        public bool UsePublicRootCa { get; set; }
        /// <summary>The enrollment key (pass it to the installer).</summary>
        public SecureString? Key { get; set; }
        /// <summary>The enrollment key in its JSON form.</summary>
        public SecureString? JsonKey { get; set; }
        public IDictionary<string, object?> AdditionalProperties { get; set; } = new JsonDictionary();

        public override string ToString() => Description is null ? InstallationKeyId.ToString() : $"{Description} ({InstallationKeyId})";
    }
}
