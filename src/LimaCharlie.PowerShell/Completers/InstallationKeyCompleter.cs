using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using LimaCharlie.Client.Api;

namespace LimaCharlie.PowerShell.Completers
{
    /// <summary>Completes installation key ids, listed and matched by their description.</summary>
    public sealed class InstallationKeyCompleter : RemoteCompleter
    {
        protected override async Task<IReadOnlyList<CompletionItem>> FetchAsync(Session session, CompletionRequest request, CancellationToken ct) =>
            (await session.Connection.Organization(request.OrganizationId).InstallationKeys.ListAsync(ct).ConfigureAwait(false))
            .Select(k => new CompletionItem(k.InstallationKeyId.ToString(),
                k.Description is null ? k.InstallationKeyId.ToString() : $"{k.Description} ({k.InstallationKeyId})",
                k.Description ?? k.InstallationKeyId.ToString()))
            .ToArray();
    }
}
