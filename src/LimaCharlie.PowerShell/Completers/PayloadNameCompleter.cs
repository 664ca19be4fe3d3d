using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using LimaCharlie.Client.Api;

namespace LimaCharlie.PowerShell.Completers
{
    /// <summary>Completes the names of the organization's payloads.</summary>
    public sealed class PayloadNameCompleter : RemoteCompleter
    {
        protected override async Task<IReadOnlyList<CompletionItem>> FetchAsync(Session session, CompletionRequest request, CancellationToken ct) =>
            (await session.Connection.Organization(request.OrganizationId).Payloads.ListAsync(ct).ConfigureAwait(false))
            .Select(p => new CompletionItem(p.Name, p.Name, p.Size is { } size ? $"{p.Name} ({size} bytes)" : p.Name)).ToArray();
    }
}
