using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using LimaCharlie.Client.Api;

namespace LimaCharlie.PowerShell.Completers
{
    /// <summary>Completes the event types the organization's schema knows (<c>GET /v1/orgs/{oid}/schema</c>), by their short name.</summary>
    public sealed class EventTypeCompleter : RemoteCompleter
    {
        protected override async Task<IReadOnlyList<CompletionItem>> FetchAsync(Session session, CompletionRequest request, CancellationToken ct) =>
            (await session.Connection.Organization(request.OrganizationId).Admin.EventTypesAsync(null, ct).ConfigureAwait(false))
            .Where(t => t.Name.Length > 0)
            .Select(t => new CompletionItem(t.Name, t.Name, t.EventType))
            .ToArray();
    }
}
