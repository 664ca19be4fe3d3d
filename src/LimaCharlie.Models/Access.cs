using System;
using System.Collections.Generic;
using System.Security;

namespace LimaCharlie
{
    // 64-bit so that ConvertTo-Json writes the name: it writes other enums as numbers unless given -EnumsAsStrings.
    /// <summary>The roles of an organization; setting one replaces the user's permissions with the role's set.</summary>
    public enum OrgRole : long
    {
        Owner,
        Administrator,
        Operator,
        Viewer,
        Basic,
    }

    /// <summary>A user of an organization and the permissions the user holds there.</summary>
    public sealed class OrgUser
    {
        public Guid OrganizationId { get; set; }
        public string Email { get; set; } = string.Empty;
        public string? UserId { get; set; }
        /// <summary>Effective permissions: direct ones and those of the user's groups.</summary>
        public string[] Permissions { get; set; } = Array.Empty<string>();
        public bool MfaEnabled { get; set; }
        public string[] MfaTypes { get; set; } = Array.Empty<string>();
        /// <summary>Names (or ids, where the API gives no name) of the groups that give the user access.</summary>
        public string[] Groups { get; set; } = Array.Empty<string>();
        /// <summary>True when the user was added to the organization directly, not only through a group.</summary>
        public bool DirectAccess { get; set; }

        public override string ToString() => Email;
    }

    /// <summary>An organization API key as listed: never its secret, which is shown once, at creation.</summary>
    public sealed class ApiKey
    {
        public Guid OrganizationId { get; set; }
        /// <summary>The key's id in the API (what Remove-LcApiKey takes).</summary>
        public string KeyHash { get; set; } = string.Empty;
        public string? Name { get; set; }
        public string[] Permissions { get; set; } = Array.Empty<string>();
        public DateTimeOffset? Created { get; set; }
        public string? CreatedBy { get; set; }
        /// <summary>The CIDR range the key may be used from; null when unrestricted.</summary>
        public string? AllowedIpRange { get; set; }
        public DateTimeOffset? LastUsed { get; set; }
        public IDictionary<string, object?> AdditionalProperties { get; set; } = new JsonDictionary();

        public override string ToString() => Name is null ? KeyHash : $"{Name} ({KeyHash})";
    }

    /// <summary>
    /// A newly created organization API key. <see cref="Secret"/> is a <see cref="SecureString"/>, or a plain string
    /// when asked for with -AsPlainText; the API shows it this once.
    /// </summary>
    public sealed class NewApiKey
    {
        public Guid OrganizationId { get; set; }
        public string KeyHash { get; set; } = string.Empty;
        public string Name { get; set; } = string.Empty;
        public string[] Permissions { get; set; } = Array.Empty<string>();
        public string? AllowedIpRange { get; set; }
        /// <summary>The key itself: a SecureString (a string with -AsPlainText).</summary>
        public object? Secret { get; set; }

        public override string ToString() => $"{Name} ({KeyHash})";
    }

    /// <summary>
    /// An ingestion key (what USP adapters and log shippers authenticate with). <see cref="Key"/> is a
    /// <see cref="SecureString"/>, or a plain string when asked for with -AsPlainText.
    /// </summary>
    public sealed class IngestionKey
    {
        public Guid OrganizationId { get; set; }
        public string Name { get; set; } = string.Empty;
        /// <summary>The key itself: a SecureString (a string with -AsPlainText).</summary>
        public object? Key { get; set; }

        public override string ToString() => Name;
    }
}
