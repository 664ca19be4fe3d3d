using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using LimaCharlie.Client.Api;

namespace LimaCharlie.PowerShell.Completers
{
    /// <summary>
    /// Completes the keys of a hive's records: the hive typed with -Hive, or the rule hive of a D&amp;R rule cmdlet
    /// (dr-general, or the -Namespace typed) or of a false-positive rule cmdlet (fp).
    /// </summary>
    public sealed class HiveKeyCompleter : RemoteCompleter
    {
        protected override string CacheKey(CompletionRequest request) => base.CacheKey(request) + "|" + HiveOf(request);

        protected override IReadOnlyList<CompletionItem> Remote(Session session, CompletionRequest request) =>
            HiveOf(request) is null ? Array.Empty<CompletionItem>() : base.Remote(session, request);

        protected override async Task<IReadOnlyList<CompletionItem>> FetchAsync(Session session, CompletionRequest request, CancellationToken ct)
        {
            var hive = HiveOf(request)!;
            var records = await session.Connection.Organization(request.OrganizationId).Hive.ListAsync<HiveRecord>(hive, ct).ConfigureAwait(false);
            return records.Select(r => new CompletionItem(r.Key, r.Key, !r.Enabled ? $"{hive}/{r.Key} (disabled)" : $"{hive}/{r.Key}")).ToArray();
        }

        private static string? HiveOf(CompletionRequest request)
        {
            if (request.CommandName.IndexOf("FpRule", StringComparison.OrdinalIgnoreCase) >= 0) return "fp";
            if (request.CommandName.IndexOf("DrRule", StringComparison.OrdinalIgnoreCase) >= 0)
                return "dr-" + (request.Bound("Namespace") ?? "general").ToLowerInvariant();
            return request.Bound("Hive") is { Length: > 0 } hive ? hive : null;
        }
    }
}
