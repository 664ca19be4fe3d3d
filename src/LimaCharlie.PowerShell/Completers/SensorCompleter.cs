using System;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Threading;
using System.Threading.Tasks;
using LimaCharlie.Client.Api;

namespace LimaCharlie.PowerShell.Completers
{
    /// <summary>
    /// Completes sensor hostnames (for -Hostname) or sensor ids by hostname (for -SensorId) with one hostname-prefix
    /// lookup (<c>GET /v1/hostnames/{oid}</c>) per prefix typed.
    /// </summary>
    public sealed class SensorCompleter : RemoteCompleter
    {
        private const int MaxResults = 50;

        protected override string CacheKey(CompletionRequest request) =>
            base.CacheKey(request) + "|" + request.ParameterName.ToLowerInvariant() + "|" + Prefix(request).ToLowerInvariant();

        protected override IReadOnlyList<CompletionItem> Remote(Session session, CompletionRequest request) =>
            Prefix(request).Length == 0 || Guid.TryParse(request.Word, out _) ? Array.Empty<CompletionItem>() : base.Remote(session, request);

        /// <summary>A trailing * typed (<c>web*</c>) is the prefix search itself, and matches like the prefix.</summary>
        protected override bool Matches(CompletionItem item, WildcardPattern pattern) => true;

        private static string Prefix(CompletionRequest request) => request.Word.TrimEnd('*');

        protected override async Task<IReadOnlyList<CompletionItem>> FetchAsync(Session session, CompletionRequest request, CancellationToken ct)
        {
            var found = await session.Connection.Organization(request.OrganizationId).Sensors.FindByHostnameAsync(Prefix(request), ct).ConfigureAwait(false);
            var bySensorId = request.ParameterName.Equals("SensorId", StringComparison.OrdinalIgnoreCase);
            return found.Where(s => s.Hostname is not null)
                .OrderBy(s => s.Hostname, StringComparer.OrdinalIgnoreCase)
                .Take(MaxResults)
                .Select(s => bySensorId
                    ? new CompletionItem(s.SensorId.ToString(), $"{s.Hostname} ({s.SensorId})", s.Hostname!)
                    : new CompletionItem(s.Hostname!, s.Hostname!, s.SensorId.ToString()))
                .ToArray();
        }
    }
}
