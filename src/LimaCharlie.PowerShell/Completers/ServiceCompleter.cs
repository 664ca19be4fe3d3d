using System;
using System.Collections.Generic;
using System.Linq;
using System.Runtime.CompilerServices;
using System.Threading;
using System.Threading.Tasks;
using LimaCharlie.Client;
using LimaCharlie.Client.Logging;

namespace LimaCharlie.PowerShell.Completers
{
    /// <summary>Completes the services of the organization's map (and the fixed ones), with each one's host in the tooltip.</summary>
    public sealed class ServiceCompleter : RemoteCompleter
    {
        protected override async Task<IReadOnlyList<CompletionItem>> FetchAsync(Session session, CompletionRequest request, CancellationToken ct)
        {
            var services = session.Connection.Services;
            var map = (request.OrganizationId ?? session.OrganizationId) is { } oid
                ? await services.ForOrganizationAsync(oid, NullLog.Instance, ct).ConfigureAwait(false)
                : services.Fixed;
            return map.Select(s => new CompletionItem(s.Key, s.Key, $"{s.Key} ({LcEndpoints.Authority(s.Value)})")).ToArray();
        }

        protected override IEnumerable<CompletionItem> Offline(CompletionRequest request) => FixedNames().Select(n => new CompletionItem(n));

        // The engine is resolved only when this runs, after the module initializer hooked its load context.
        [MethodImpl(MethodImplOptions.NoInlining)]
        private static string[] FixedNames() => new[] { ServiceMap.Api, ServiceMap.Stream, ServiceMap.Downloads };
    }
}
