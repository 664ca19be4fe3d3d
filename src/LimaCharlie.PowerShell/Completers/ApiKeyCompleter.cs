using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using LimaCharlie.Client.Api;

namespace LimaCharlie.PowerShell.Completers
{
    /// <summary>Completes API keys: their hash for -KeyHash (listed with the key's name), their name otherwise.</summary>
    public sealed class ApiKeyCompleter : RemoteCompleter
    {
        protected override string CacheKey(CompletionRequest request) => base.CacheKey(request) + "|" + ByHash(request);

        protected override async Task<IReadOnlyList<CompletionItem>> FetchAsync(Session session, CompletionRequest request, CancellationToken ct)
        {
            var keys = await session.Connection.Organization(request.OrganizationId).ApiKeys.ListAsync(ct).ConfigureAwait(false);
            return ByHash(request)
                ? keys.Select(k => new CompletionItem(k.KeyHash, k.Name is null ? k.KeyHash : $"{k.Name} ({k.KeyHash})", k.Name ?? k.KeyHash)).ToArray()
                : keys.Where(k => !string.IsNullOrEmpty(k.Name)).Select(k => new CompletionItem(k.Name!, k.Name!, $"{k.Name} ({k.KeyHash})")).ToArray();
        }

        private static bool ByHash(CompletionRequest request) => request.ParameterName.Equals("KeyHash", StringComparison.OrdinalIgnoreCase);
    }
}
