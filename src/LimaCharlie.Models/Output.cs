using System;
using System.Collections.Generic;
using System.Security;

namespace LimaCharlie
{
    /// <summary>An output: where the organization's events, detections or audit stream to.</summary>
    public sealed class Output
    {
        public string Name { get; set; } = string.Empty;
        public Guid OrganizationId { get; set; }
        /// <summary>The destination kind: s3, syslog, webhook, slack ...</summary>
        public string? Module { get; set; }
        /// <summary>What is sent: event, detect, audit, deployment, artifact, tailored or billing (the API's <c>for</c>/<c>type</c>).</summary>
        public string? DataType { get; set; }
        /// <summary>The module's settings, without the secret ones.</summary>
        public IDictionary<string, string> Fields { get; set; } = new Dictionary<string, string>();
        /// <summary>The module's secret settings (passwords, tokens, keys), never shown.</summary>
        public IDictionary<string, SecureString> SecretFields { get; set; } = new Dictionary<string, SecureString>();

        public override string ToString() => $"{Name} ({Module}, {DataType})";
    }

    /// <summary>An organization configuration value (an integration's API key such as vt or otx), kept as a SecureString.</summary>
    public sealed class OrgValue
    {
        public string Name { get; set; } = string.Empty;
        public Guid OrganizationId { get; set; }
        public SecureString? Value { get; set; }

        public override string ToString() => Name;
    }
}
