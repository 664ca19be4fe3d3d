using System;
using System.Security;

namespace LimaCharlie
{
    /// <summary>A LimaCharlie JSON web token. The token itself is a <see cref="SecureString"/>; it is never shown.</summary>
    public sealed class Jwt
    {
        public Jwt(SecureString token, DateTimeOffset expiresAt, DateTimeOffset? issuedAt, Guid? organizationId,
            string? userId, JwtScope scope, int length)
        {
            Token = token;
            ExpiresAt = expiresAt;
            IssuedAt = issuedAt;
            OrganizationId = organizationId;
            UserId = userId;
            Scope = scope;
            Length = length;
        }

        public SecureString Token { get; }
        public DateTimeOffset ExpiresAt { get; }
        public DateTimeOffset? IssuedAt { get; }
        /// <summary>The organization the token is limited to; empty for user-level tokens.</summary>
        public Guid? OrganizationId { get; }
        public string? UserId { get; }
        public JwtScope Scope { get; }
        /// <summary>Length of the token in characters (large user tokens can exceed HTTP header limits).</summary>
        public int Length { get; }

        public TimeSpan ExpiresIn => ExpiresAt - DateTimeOffset.UtcNow;

        public override string ToString() => $"JWT ({Scope}, expires {ExpiresAt:u})";
    }

    // 64-bit so that ConvertTo-Json writes the name: it writes other enums as numbers unless given -EnumsAsStrings.
    /// <summary>What a token may act on.</summary>
    public enum JwtScope : long
    {
        /// <summary>Minted from an organization API key: that organization only.</summary>
        Organization,
        /// <summary>Minted from a user API key, limited to one organization (<c>uid</c> + <c>oid</c>).</summary>
        UserOrganization,
        /// <summary>Minted from a user API key with <c>oid=-</c>: the user only, no organization permissions.</summary>
        UserOnly,
        /// <summary>Minted from a user API key without <c>oid</c>: every organization the user can reach.</summary>
        UserAllOrganizations,
    }
}
