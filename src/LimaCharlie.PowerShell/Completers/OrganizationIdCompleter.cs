using System;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Threading;
using System.Threading.Tasks;
using LimaCharlie.Client.Api;

namespace LimaCharlie.PowerShell.Completers
{
    /// <summary>
    /// Completes organization ids, matching id or name and listing the name: from what the session knows (its identity's
    /// organizations and the names seen so far), asking the API for the names only when one is missing (or, for a user key
    /// connected without an organization, for the user's organizations).
    /// </summary>
    public sealed class OrganizationIdCompleter : RemoteCompleter
    {
        protected override string CacheKey(CompletionRequest request) => "names";

        protected override IReadOnlyList<CompletionItem> Remote(Session session, CompletionRequest request)
        {
            var known = session.KnownOrganizations();
            // A user key connected without an organization knows none yet: the user's organizations are listed once.
            if (!known.Any() || known.Any(o => o.Name is null)) base.Remote(session, request);
            return session.KnownOrganizations()
                .Select(o => o.Name is null
                    ? new CompletionItem(o.Id.ToString())
                    : new CompletionItem(o.Id.ToString(), $"{o.Name} ({o.Id})", o.Name))
                .ToArray();
        }

        protected override bool Matches(CompletionItem item, WildcardPattern pattern) => pattern.IsMatch(item.Text) || pattern.IsMatch(item.ToolTip);

        /// <summary>Notes the names in the session (so later Tabs need no call) and answers nothing of its own.</summary>
        protected override async Task<IReadOnlyList<CompletionItem>> FetchAsync(Session session, CompletionRequest request, CancellationToken ct)
        {
            var connection = session.Connection;
            if (session.Kind == CredentialKind.User)
            {
                await foreach (var org in connection.Account().Organizations.ListAsync(null, OrganizationApi.DefaultPageSize, ct)
                                   .ConfigureAwait(false))
                    session.Remember(org);
            }
            else if (connection.OrganizationId is { } own)
            {
                session.Remember(await session.Connection.Account().Organizations.GetAsync(own, ct).ConfigureAwait(false));
            }
            return Array.Empty<CompletionItem>();
        }
    }
}
