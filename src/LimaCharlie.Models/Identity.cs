using System;
using System.Linq;

namespace LimaCharlie
{
    /// <summary>Who an API key or token is (<c>GET /v1/who</c>) and what it may do in each organization.</summary>
    public sealed class Identity
    {
        /// <summary>The key name or the user's e-mail address.</summary>
        public string? Ident { get; set; }
        /// <summary><c>Organization</c> for an organization API key, <c>User</c> for a user API key.</summary>
        public CredentialKind Kind { get; set; }
        public string? UserId { get; set; }
        public OrganizationPermission[] Organizations { get; set; } = Array.Empty<OrganizationPermission>();

        /// <summary>True when the identity holds <paramref name="permission"/> in <paramref name="organizationId"/>.</summary>
        public bool HasPermission(Guid organizationId, string permission) =>
            Organizations.Any(o => o.OrganizationId == organizationId &&
                                   o.Permissions.Contains(permission, StringComparer.OrdinalIgnoreCase));

        public override string ToString() => Ident ?? UserId ?? Kind.ToString();
    }

    /// <summary>The permissions an identity holds in one organization.</summary>
    public sealed class OrganizationPermission
    {
        public OrganizationPermission(Guid organizationId, string[] permissions)
        {
            OrganizationId = organizationId;
            Permissions = permissions;
        }

        public Guid OrganizationId { get; }
        public string[] Permissions { get; }

        public override string ToString() => $"{OrganizationId}: {Permissions.Length} permissions";
    }

    // 64-bit so that ConvertTo-Json writes the name: it writes other enums as numbers unless given -EnumsAsStrings.
    /// <summary>The kind of API key a session uses.</summary>
    public enum CredentialKind : long
    {
        Organization,
        User,
    }
}
