using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using LimaCharlie.Client.Api;

namespace LimaCharlie.PowerShell.Completers
{
    /// <summary>Completes the e-mail addresses of the organization's users.</summary>
    public sealed class UserEmailCompleter : RemoteCompleter
    {
        protected override async Task<IReadOnlyList<CompletionItem>> FetchAsync(Session session, CompletionRequest request, CancellationToken ct) =>
            (await session.Connection.Organization(request.OrganizationId).Users.ListAsync(ct).ConfigureAwait(false))
            .Select(u => new CompletionItem(u.Email)).ToArray();
    }
}
