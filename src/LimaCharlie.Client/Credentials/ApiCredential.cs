using System;
using System.Security;

namespace LimaCharlie.Client.Credentials
{
    /// <summary>An API key and what it belongs to. The key is kept as a read-only SecureString and never printed.</summary>
    public sealed class ApiCredential
    {
        public ApiCredential(Guid? organizationId, string? userId, SecureString apiKey, string source)
        {
            if (apiKey is null || apiKey.Length == 0)
                throw new LcConfigurationException("The API key is empty.", ErrorIds.EmptyApiKey);
            if (string.IsNullOrWhiteSpace(userId) && organizationId is null)
                throw new LcConfigurationException(
                    "An API key needs an organization id (organization key) or a user id (user key); neither was given.",
                    ErrorIds.MissingOrganizationId);
            OrganizationId = organizationId;
            UserId = string.IsNullOrWhiteSpace(userId) ? null : userId!.Trim();
            ApiKey = apiKey.IsReadOnly() ? apiKey : Freeze(apiKey);
            Source = source;
        }

        public Guid? OrganizationId { get; }
        public string? UserId { get; }
        public CredentialKind Kind => UserId is null ? CredentialKind.Organization : CredentialKind.User;
        /// <summary>Where the credential came from, e.g. "parameters" or "config file ~/.limacharlie.d/config.yaml (env prod)".</summary>
        public string Source { get; }
        internal SecureString ApiKey { get; }

        /// <summary>Runs <paramref name="use"/> with the key as plain text, for the one moment a request needs it.</summary>
        internal T WithPlainKey<T>(Func<string, T> use) => SecureText.Use(ApiKey, use);

        public static SecureString Secure(string plain)
        {
            var s = new SecureString();
            foreach (var c in plain) s.AppendChar(c);
            s.MakeReadOnly();
            return s;
        }

        private static SecureString Freeze(SecureString key)
        {
            var copy = key.Copy();
            copy.MakeReadOnly();
            return copy;
        }

        public override string ToString() => Kind == CredentialKind.Organization
            ? $"organization key for {OrganizationId} ({Source})"
            : $"user key for {UserId}{(OrganizationId is null ? "" : $" in {OrganizationId}")} ({Source})";
    }
}
