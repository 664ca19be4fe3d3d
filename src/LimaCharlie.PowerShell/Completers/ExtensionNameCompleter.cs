using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using LimaCharlie.Client.Api;

namespace LimaCharlie.PowerShell.Completers
{
    /// <summary>
    /// Completes extension names: those the organization can see or is subscribed to (from the API), and the common
    /// ones even without a session.
    /// </summary>
    public sealed class ExtensionNameCompleter : RemoteCompleter
    {
        internal static readonly string[] Names =
        {
            "ext-reliable-tasking", "ext-cases", "ext-infrastructure", "ext-vulnerability-reporting", "ext-cloud-security",
            "ext-email-security", "ext-plaso",
        };

        protected override IEnumerable<CompletionItem> Offline(CompletionRequest request) => Names.Select(n => new CompletionItem(n));

        protected override async Task<IReadOnlyList<CompletionItem>> FetchAsync(Session session, CompletionRequest request, CancellationToken ct) =>
            (await session.Connection.Organization(request.OrganizationId).Extensions.ListAsync(ct).ConfigureAwait(false))
            .Select(e => new CompletionItem(e.Name, e.Name, e.Subscribed ? $"{e.Label ?? e.Name} (subscribed)" : e.Label ?? e.Name)).ToArray();
    }
}
