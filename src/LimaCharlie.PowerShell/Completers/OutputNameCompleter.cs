using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using LimaCharlie.Client.Api;

namespace LimaCharlie.PowerShell.Completers
{
    /// <summary>Completes the names of the organization's outputs, with their module and data type in the list.</summary>
    public sealed class OutputNameCompleter : RemoteCompleter
    {
        protected override async Task<IReadOnlyList<CompletionItem>> FetchAsync(Session session, CompletionRequest request, CancellationToken ct) =>
            (await session.Connection.Organization(request.OrganizationId).Outputs.ListAsync(ct).ConfigureAwait(false))
            .Select(o => new CompletionItem(o.Name, o.Name, $"{o.Name} ({o.Module}, {o.DataType})")).ToArray();
    }
}
