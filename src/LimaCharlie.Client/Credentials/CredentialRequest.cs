using System;
using System.Security;

namespace LimaCharlie.Client.Credentials
{
    /// <summary>What the caller asked for; <see cref="CredentialResolver"/> turns it into an <see cref="ApiCredential"/>.</summary>
    public sealed class CredentialRequest
    {
        public Guid? OrganizationId { get; set; }
        public string? UserId { get; set; }
        /// <summary>An explicit key: parameters win over every other source.</summary>
        public SecureString? ApiKey { get; set; }
        /// <summary>A named environment of the config file (<c>env:</c> section).</summary>
        public string? Environment { get; set; }
        /// <summary>An explicit config file path.</summary>
        public string? ConfigFile { get; set; }
    }
}
