using System;
using System.Collections;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Management.Automation.Language;
using System.Threading;
using LimaCharlie.Client.Api;
using LimaCharlie.Client.Logging;
using LimaCharlie.PowerShell.Infrastructure;

namespace LimaCharlie.PowerShell.Completers
{
    /// <summary>
    /// Completes sensor hostnames (for -Hostname) or sensor ids by hostname (for -SensorId) with one hostname-prefix
    /// lookup (<c>GET /v1/hostnames/{oid}</c>) through the session, bounded to two seconds so Tab never hangs.
    /// </summary>
    public sealed class SensorCompleter : IArgumentCompleter
    {
        private static readonly TimeSpan Budget = TimeSpan.FromSeconds(2);
        private const int MaxResults = 50;

        public IEnumerable<CompletionResult> CompleteArgument(string commandName, string parameterName, string wordToComplete,
            CommandAst commandAst, IDictionary fakeBoundParameters)
        {
            var prefix = wordToComplete.Trim('\'', '"');
            var session = fakeBoundParameters["Session"] as LimaCharlie.Session
                          ?? (fakeBoundParameters["Session"] as PSObject)?.BaseObject as LimaCharlie.Session
                          ?? SessionStore.ForCurrentRunspace();
            if (session is null || prefix.Length == 0 || Guid.TryParse(prefix, out _)) return Array.Empty<CompletionResult>();
            Guid? oid = fakeBoundParameters["OrganizationId"] is Guid g ? g : null;
            try
            {
                using var timeout = new CancellationTokenSource(Budget);
                var lookup = SensorApi.FindByHostnameAsync(session.Connection, oid, prefix, NullLog.Instance, timeout.Token);
                if (!lookup.Wait(Budget)) return Array.Empty<CompletionResult>();
                var bySensorId = parameterName.Equals("SensorId", StringComparison.OrdinalIgnoreCase);
                return lookup.Result
                    .Where(s => s.Hostname is not null)
                    .OrderBy(s => s.Hostname, StringComparer.OrdinalIgnoreCase)
                    .Take(MaxResults)
                    .Select(s => bySensorId
                        ? new CompletionResult(s.SensorId.ToString(), $"{s.Hostname} ({s.SensorId})", CompletionResultType.ParameterValue, s.Hostname!)
                        : new CompletionResult(Quote(s.Hostname!), s.Hostname!, CompletionResultType.ParameterValue, s.SensorId.ToString()))
                    .ToArray();
            }
            catch (Exception e) when (e is AggregateException or LcApiException or LcConfigurationException or OperationCanceledException)
            {
                return Array.Empty<CompletionResult>();
            }
        }

        private static string Quote(string value) => value.IndexOfAny(new[] { ' ', '\'', '$', '`', ';', '(', ')' }) < 0 ? value : $"'{value.Replace("'", "''")}'";
    }
}
