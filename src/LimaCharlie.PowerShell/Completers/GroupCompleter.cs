using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using LimaCharlie.Client.Api;

namespace LimaCharlie.PowerShell.Completers
{
    /// <summary>Completes the ids of the user's groups, listed and matched by name.</summary>
    public sealed class GroupCompleter : RemoteCompleter
    {
        protected override string CacheKey(CompletionRequest request) => "user";

        protected override async Task<IReadOnlyList<CompletionItem>> FetchAsync(Session session, CompletionRequest request, CancellationToken ct) =>
            (await session.Connection.Account().Groups.ListAsync(ct).ConfigureAwait(false))
            .Select(g => new CompletionItem(g.GroupId.ToString(), g.Name is null ? g.GroupId.ToString() : $"{g.Name} ({g.GroupId})",
                g.Name ?? g.GroupId.ToString()))
            .ToArray();
    }
}
