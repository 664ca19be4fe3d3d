using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using LimaCharlie.Client.Api;

namespace LimaCharlie.PowerShell.Completers
{
    /// <summary>Completes the names of the organization's ingestion keys (never their values).</summary>
    public sealed class IngestionKeyNameCompleter : RemoteCompleter
    {
        protected override async Task<IReadOnlyList<CompletionItem>> FetchAsync(Session session, CompletionRequest request, CancellationToken ct) =>
            (await session.Connection.Organization(request.OrganizationId).IngestionKeys.ListAsync(false, ct).ConfigureAwait(false))
            .Select(k => new CompletionItem(k.Name)).ToArray();
    }
}
