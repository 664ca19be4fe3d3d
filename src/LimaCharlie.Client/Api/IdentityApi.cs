using System;
using System.Collections.Generic;
using System.Linq;
using System.Net.Http;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using LimaCharlie.Client.Auth;
using LimaCharlie.Client.Http;
using LimaCharlie.Client.Json;
using LimaCharlie.Client.Logging;

namespace LimaCharlie.Client.Api
{
    /// <summary><c>GET /v1/who</c>: who a token is and what it may do.</summary>
    public sealed class IdentityApi : AccountArea
    {
        internal IdentityApi(LcAccountClient owner) : base(owner) { }

        public async Task<Identity> GetAsync(TokenTarget target, CancellationToken ct)
        {
            JsonElement who;
            try
            {
                who = await Connection.SendAsync(new LcRequest(HttpMethod.Get, "v1/who", target), Log, ct).ConfigureAwait(false);
            }
            catch (LcApiException e) when (e.StatusCode == 404 && e.Path == "/v1/who")
            {
                throw ApiErrors.EndpointNotFound("GET", new Uri(Connection.Endpoints.ApiUrl, "v1/who"), "the LimaCharlie API",
                    "Check -ApiUrl (or LC_API_URL): the API's address is the root of its host, https://api.limacharlie.io/ for the LimaCharlie cloud, without /v1.",
                    e.Retries, e);
            }
            if (!who.TryProperty("ident", out _) && !who.TryProperty("orgs", out _) && !who.TryProperty("user_perms", out _))
                throw ApiErrors.InvalidResponse("GET", "/v1/who", 200, "it names no identity (no ident, orgs or user_perms)", who.GetRawText());
            return Parse(who, Connection.Credential.UserId);
        }

        /// <summary>
        /// A user key's identity with its permissions in every organization it can reach, without the all-organizations
        /// token (which can exceed header limits, HTTP 413): <c>/v1/who</c> with <c>oid=-</c>, then the permissions that
        /// <c>/v1/user/orgs</c> lists per organization.
        /// </summary>
        public async Task<Identity> GetUserAsync(CancellationToken ct)
        {
            var identity = await GetAsync(Connection.RequireUserTarget("Listing a user's permissions"), ct).ConfigureAwait(false);
            var organizations = new List<OrganizationPermission>();
            await foreach (var org in Connection.Account(Log).Organizations.ListAsync(null, 200, ct).ConfigureAwait(false))
                organizations.Add(new OrganizationPermission(org.OrganizationId, org.Permissions));
            identity.Kind = CredentialKind.User;
            identity.Organizations = organizations.OrderBy(o => o.OrganizationId).ToArray();
            return identity;
        }

        public static Identity Parse(JsonElement who, string? userId)
        {
            var organizations = new List<OrganizationPermission>();
            CredentialKind kind;
            if (who.TryProperty("user_perms", out var userPerms) && userPerms.ValueKind == JsonValueKind.Object)
            {
                kind = CredentialKind.User;
                foreach (var org in userPerms.EnumerateObject())
                    if (Guid.TryParse(org.Name, out var oid))
                        organizations.Add(new OrganizationPermission(oid, JsonRead.StringArray(org.Value)));
            }
            else if (who.TryProperty("orgs", out var orgs))
            {
                kind = CredentialKind.Organization;
                var perms = who.Strings("perms");
                foreach (var id in JsonRead.StringArray(orgs))
                    if (Guid.TryParse(id, out var oid)) organizations.Add(new OrganizationPermission(oid, perms));
            }
            else
            {
                kind = userId is null ? CredentialKind.Organization : CredentialKind.User;
            }

            return new Identity
            {
                Ident = who.String("ident"),
                Kind = kind,
                UserId = who.String("uid") ?? userId,
                Organizations = organizations.OrderBy(o => o.OrganizationId).ToArray(),
            };
        }
    }

    public static partial class AccountAreas
    {
        extension(LcAccountClient account)
        {
            /// <summary>Who the key is, and what it may do.</summary>
            public IdentityApi Identity => new(account);
        }
    }
}
