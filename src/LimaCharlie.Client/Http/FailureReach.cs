namespace LimaCharlie.Client.Http
{
    /// <summary>
    /// How far a failed call reaches: only the item it was made for, or every call of the same session and organization
    /// after it (which then fail alike, so a bulk command should stop at the first). See <see cref="ApiErrors.Reach"/>.
    /// </summary>
    public enum FailureReach
    {
        /// <summary>About this item (unknown sensor, bad value, conflict...): the next item may well succeed.</summary>
        Item,

        /// <summary>The key lacks a permission the call needs (401 naming it, or 403).</summary>
        MissingPermission,

        /// <summary>The JWT endpoint refused the key: revoked or deleted key, wrong id, no access to the organization.</summary>
        CredentialRefused,

        /// <summary>The organization does not exist (any more).</summary>
        OrganizationGone,

        /// <summary>The token is too large for the API's gateway (a user key spanning many organizations).</summary>
        TokenTooLarge,

        /// <summary>The organization does not use the service the call goes through (not subscribed to it).</summary>
        ServiceMissing,
    }
}
