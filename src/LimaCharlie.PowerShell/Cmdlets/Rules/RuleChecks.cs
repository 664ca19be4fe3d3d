using System;
using LimaCharlie.Client.Api;
using LimaCharlie.PowerShell.Infrastructure;

namespace LimaCharlie.PowerShell.Cmdlets.Rules
{
    /// <summary>
    /// Checks rules with the service before anything is written: a D&amp;R rule through the replay service (the SDK's
    /// validate_rule, one empty event, not billed), a false-positive rule through its hive's validate call. A rule the
    /// service refuses is a per-item error (<c>LimaCharlie.InvalidRule</c>) and is left out; the rest goes on. When the
    /// replay service cannot be reached or refuses the key, one warning says the D&amp;R rules go unchecked.
    /// </summary>
    internal sealed class RuleChecks(LcOrganizationCmdlet cmdlet, Guid? oid, Action<string> warn)
    {
        private bool _unavailable;

        /// <summary>Whether the rule may be written: true when the service accepts it, or when it is not a rule or cannot be checked.</summary>
        public bool Accepts(string hive, RuleDefinition rule)
        {
            var detection = hive.StartsWith(RuleDefinitions.DrHivePrefix, StringComparison.Ordinal);
            if (!(detection || hive == RuleDefinitions.FpHive) || (detection && _unavailable)) return true;
            try
            {
                cmdlet.InOrganization(oid, (org, ct) => detection
                    ? org.Replay.ValidateAsync(rule.Name, rule.Body, rule.Origin, ct)
                    : org.Hive.ValidateAsync(hive, rule.Name, rule.Body.ToJsonString(), rule.Origin, ct));
                return true;
            }
            catch (LcApiException e) when (detection && CannotCheck(e))
            {
                warn($"The D&R rules are written unchecked: the replay service cannot validate them for this key ({e.Message}).");
                _unavailable = true;
                return true;
            }
            catch (LcConfigurationException e) when (ErrorRecords.IsItemProblem(e))
            {
                cmdlet.WriteError(ErrorRecords.FromConfiguration(e, $"{hive}/{rule.Name}"));
                return false;
            }
        }

        /// <summary>
        /// The check itself cannot run: no replay service, or a key that may write rules but not use the replay service
        /// (the service's permission is not documented). Writing is then what the command was asked to do.
        /// </summary>
        private static bool CannotCheck(LcApiException e) =>
            e.Kind == ErrorIds.ServiceUnavailable || e.Kind == ErrorIds.Forbidden
            || (e.Kind == ErrorIds.Unauthorized && LimaCharlie.Client.Http.ApiErrors.IsPermissionRefusal(e.ApiMessage));
    }
}
