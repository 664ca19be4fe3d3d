using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Linq;
using LimaCharlie.Client;

namespace LimaCharlie
{
    /// <summary>
    /// A connection to LimaCharlie made by Connect-LcOrg. It holds the API key (never shown) and mints, caches and renews
    /// tokens by itself. One session may be shared by many threads and runspaces (pass it with -Session $using:s).
    /// </summary>
    public sealed class Session
    {
        internal Session(LcConnection connection, Identity identity)
        {
            Connection = connection;
            Identity = identity;
            ConnectedAt = DateTimeOffset.Now;
        }

        internal LcConnection Connection { get; }

        private readonly ConcurrentDictionary<Guid, string?> _organizations = new();

        /// <summary>The organization the session acts on by default; empty for a user key connected without one.</summary>
        public Guid? OrganizationId => Connection.OrganizationId;
        public string? UserId => Connection.Credential.UserId;
        public CredentialKind Kind => Connection.Kind;
        /// <summary>The key's name or the user's e-mail address, as <c>/v1/who</c> reported it at connect time.</summary>
        public string? Ident => Identity.Ident;
        public Identity Identity { get; }
        public string CredentialSource => Connection.Credential.Source;
        public Uri ApiUrl => Connection.Endpoints.ApiUrl;
        public Uri JwtUrl => Connection.Endpoints.JwtUrl;
        /// <summary>The service roots given to Connect-LcOrg -ServiceUrl, by name.</summary>
        public IReadOnlyDictionary<string, Uri> ServiceUrls => Connection.Endpoints.ServiceUrls;
        public DateTimeOffset ConnectedAt { get; }
        /// <summary>Expiry of the cached token of the session's default target; a new one is minted when needed.</summary>
        public DateTimeOffset? TokenExpiresAt => Connection.Tokens.Peek(Connection.DefaultTarget)?.ExpiresAt;
        /// <summary>Timeouts, retries, token renewal margin and proxy. Changes apply to the next request.</summary>
        public SessionOptions Options => Connection.Options;

        /// <summary>Notes an organization's name for tab completion.</summary>
        internal void Remember(Organization organization) => _organizations[organization.OrganizationId] = organization.Name;

        /// <summary>The name the session has seen for an organization, or null.</summary>
        internal string? KnownName(Guid organizationId) => _organizations.TryGetValue(organizationId, out var name) ? name : null;

        /// <summary>Drops a deleted organization from tab completion.</summary>
        internal void Forget(Guid organizationId) => _organizations.TryRemove(organizationId, out _);

        /// <summary>Every organization the session has seen: from its identity and from cmdlet output.</summary>
        internal IEnumerable<(Guid Id, string? Name)> KnownOrganizations()
        {
            foreach (var org in Identity.Organizations) _organizations.TryAdd(org.OrganizationId, null);
            if (OrganizationId is { } own) _organizations.TryAdd(own, null);
            return _organizations.Select(kv => (kv.Key, kv.Value)).ToArray();
        }

        public override string ToString() =>
            $"LimaCharlie session: {Ident ?? UserId ?? "?"} ({Kind}{(OrganizationId is { } oid ? $", {oid}" : string.Empty)})";
    }
}
