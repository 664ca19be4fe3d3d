using System;
using LimaCharlie.Client.Api;
using LimaCharlie.PowerShell.Infrastructure;

namespace LimaCharlie.PowerShell.Cmdlets.Rules
{
    /// <summary>
    /// Checks rules with the service before anything is written: a D&amp;R rule through the replay service (the SDK's
    /// validate_rule, one empty event, not billed), a false-positive rule through its hive's validate call. A rule the
    /// service refuses is a per-item error (<c>LimaCharlie.InvalidRule</c>) and is left out; the rest goes on. When the
    /// organization has no replay service, one warning says the rules go unchecked.
    /// </summary>
    internal sealed class RuleChecks(LcOrganizationCmdlet cmdlet, Guid? oid, Action<string> warn)
    {
        private bool _unavailable;

        /// <summary>Whether the rule may be written: true when the service accepts it, or when it is not a rule or cannot be checked.</summary>
        public bool Accepts(string hive, RuleDefinition rule)
        {
            var detection = hive.StartsWith(RuleDefinitions.DrHivePrefix, StringComparison.Ordinal);
            if (_unavailable || !(detection || hive == RuleDefinitions.FpHive)) return true;
            try
            {
                cmdlet.InOrganization(oid, (org, ct) => detection
                    ? org.Replay.ValidateAsync(rule.Name, rule.Body, rule.Origin, ct)
                    : org.Hive.ValidateAsync(hive, rule.Name, rule.Body.ToJsonString(), rule.Origin, ct));
                return true;
            }
            catch (LcApiException e) when (e.Kind == ErrorIds.ServiceUnavailable)
            {
                warn($"The D&R rules are written unchecked: the organization has no replay service to validate them ({e.Message}).");
                _unavailable = true;
                return true;
            }
            catch (LcConfigurationException e) when (ErrorRecords.IsItemProblem(e))
            {
                cmdlet.WriteError(ErrorRecords.FromConfiguration(e, $"{hive}/{rule.Name}"));
                return false;
            }
        }
    }
}
