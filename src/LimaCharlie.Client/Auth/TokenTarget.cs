using System;

namespace LimaCharlie.Client.Auth
{
    /// <summary>What a token is minted for: one organization, the user alone (<c>oid=-</c>), or all of a user's organizations.</summary>
    public readonly record struct TokenTarget(Guid? OrganizationId, JwtScopeRequest Request)
    {
        public static TokenTarget Organization(Guid oid) => new(oid, JwtScopeRequest.Organization);
        public static readonly TokenTarget UserOnly = new(null, JwtScopeRequest.UserOnly);
        public static readonly TokenTarget AllOrganizations = new(null, JwtScopeRequest.AllOrganizations);

        public override string ToString() => Request switch
        {
            JwtScopeRequest.Organization => OrganizationId!.Value.ToString(),
            JwtScopeRequest.UserOnly => "user (oid=-)",
            _ => "user (all organizations)",
        };
    }

    public enum JwtScopeRequest
    {
        Organization,
        UserOnly,
        AllOrganizations,
    }
}
