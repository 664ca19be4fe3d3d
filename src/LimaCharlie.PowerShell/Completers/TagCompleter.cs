using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using LimaCharlie.Client.Api;

namespace LimaCharlie.PowerShell.Completers
{
    /// <summary>Completes the sensor tags in use in the organization (<c>GET /v1/tags/{oid}</c>).</summary>
    public sealed class TagCompleter : RemoteCompleter
    {
        protected override async Task<IReadOnlyList<CompletionItem>> FetchAsync(Session session, CompletionRequest request, CancellationToken ct) =>
            (await session.Connection.Organization(request.OrganizationId).Sensors.ListTagsAsync(ct).ConfigureAwait(false))
            .Select(t => new CompletionItem(t)).ToArray();
    }
}
