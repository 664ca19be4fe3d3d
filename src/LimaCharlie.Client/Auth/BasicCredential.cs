using System;
using System.Net.Http.Headers;
using System.Security;
using System.Text;
using LimaCharlie.Client.Credentials;

namespace LimaCharlie.Client.Auth
{
    /// <summary>
    /// A user name and secret sent as <c>Authorization: Basic</c> instead of a JWT: the log-ingestion host takes the
    /// organization id and one of its ingestion keys (sdk/artifacts.py <c>upload</c>). The secret stays a
    /// <see cref="SecureString"/> until the header is written, and the header is masked in every log.
    /// </summary>
    public sealed class BasicCredential
    {
        public BasicCredential(string userName, SecureString secret)
        {
            UserName = userName;
            Secret = secret.Copy();
            Secret.MakeReadOnly();
        }

        public string UserName { get; }
        public SecureString Secret { get; }

        /// <summary>An organization's ingestion key (a UUID, as the service issues them), checked without showing it.</summary>
        public static BasicCredential ForIngestion(Guid organizationId, SecureString ingestionKey)
        {
            if (ingestionKey.Length == 0)
                throw new ArgumentException("The ingestion key is empty. Pass one of the organization's keys (Get-LcIngestionKey lists them).");
            if (!SecureText.Use(ingestionKey, key => Guid.TryParse(key.Trim(), out _)))
                throw new ArgumentException("The ingestion key is not a UUID. Pass one of the organization's ingestion keys (Get-LcIngestionKey lists them), not an API key.");
            return new BasicCredential(organizationId.ToString(), ingestionKey);
        }

        public AuthenticationHeaderValue Header() =>
            new("Basic", SecureText.Use(Secret, key => Convert.ToBase64String(Encoding.UTF8.GetBytes($"{UserName}:{key.Trim()}"))));

        public override string ToString() => $"Basic {UserName}:{Logging.Redactor.Mask}";
    }
}
