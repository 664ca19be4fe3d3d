using System;
using System.Collections;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Security;
using LimaCharlie.Client.Api;
using LimaCharlie.Client.Credentials;
using LimaCharlie.PowerShell.Cmdlets.Rules;
using LimaCharlie.PowerShell.Infrastructure;

namespace LimaCharlie.PowerShell.Cmdlets.OrgConfig
{
    /// <summary>
    /// Applies a folder written by Export-LcOrgConfig (or by hand), or a sync file of the LimaCharlie CLI (version 3, its
    /// includes resolved), to an organization: adds and changes what differs, and with -Prune removes what the source
    /// lacks in the hives and sections it has. Every file is read and checked before anything is changed; each
    /// write carries the etag read when planning, so a concurrent edit is caught. A changed output is recreated with the
    /// settings the folder gives, so a change that would drop its secret settings (which Export leaves out) is refused
    /// unless they are given (-OutputSecret, or in the file) or -Force is.
    /// </summary>
    [Cmdlet(VerbsData.Import, "LcOrgConfig", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
    [OutputType(typeof(OrgConfigChange))]
    public sealed class ImportLcOrgConfigCommand : LcOrganizationCmdlet
    {
        /// <summary>The folder, or the sync file.</summary>
        [Parameter(Mandatory = true, Position = 0)]
        [ValidateNotNullOrEmpty]
        public string Path { get; set; } = string.Empty;

        /// <summary>
        /// Also removes what the source does not have, in the hives and sections it has (rules, FP rules, records, outputs,
        /// installation keys, extension subscriptions; org values are emptied): the CLI's sync push --force.
        /// </summary>
        [Parameter]
        public SwitchParameter Prune { get; set; }

        /// <summary>
        /// Secret settings of outputs, by output name: @{ siem = @{ password = $securePassword } }. Values are SecureString
        /// (or text). They are sent with the output when it is added or changed, and never shown.
        /// </summary>
        [Parameter]
        public IDictionary? OutputSecret { get; set; }

        /// <summary>Recreates changed outputs even when secret settings the folder does not give would be lost.</summary>
        [Parameter]
        public SwitchParameter Force { get; set; }

        /// <summary>Writes the folder's rules without asking the service to check them first.</summary>
        [Parameter]
        public SwitchParameter SkipValidation { get; set; }

        protected override object? ErrorTarget => Path;

        protected override bool ItemsNeedDifferentPermissions => true;

        protected override void OnProcess()
        {
            var connection = Connection;
            var oid = Organization;
            var path = GetUnresolvedProviderPathFromPSPath(Path);
            var source = ConfigSource.Read(path, null, Warn);
            if (source.Unsupported.Length > 0) throw source.UnsupportedError();
            var desired = WithOutputSecrets(source.Items);
            var current = InOrganization(oid, (org, ct) => org.Config.ReadOrgAsync(source.Hives, ct, source.Sections));
            var plan = OrgConfigApi.Plan(current, desired, Prune);
            var target = InTargetOrganization($"the configuration in the {source.Description}");
            // Refused changes are reported before anything is written; the rest of the plan is independent of them.
            var refused = new HashSet<ConfigChange>(plan.Where(c => c.LostSecrets.Count > 0 && !Force));
            foreach (var change in refused)
                WriteError(ErrorRecords.FromConfiguration(SecretsWouldBeLost(change), $"{change.Kind}/{change.Name}"));
            // Rules the service refuses are left out (each a per-item error), still before anything is written.
            var checks = new RuleChecks(this, oid, Warn);
            foreach (var change in plan.Where(c => !SkipValidation && c.Action is "Add" or "Change" && c.To is not null && !refused.Contains(c)))
            {
                if (!checks.Accepts(change.Kind, new RuleDefinition(change.Name, change.To!.Body, new ConfigMetadata(), source.Description)))
                    refused.Add(change);
            }
            var summary = Summary(plan, desired.Count, refused);
            Verbose($"{summary} ({target}).");

            if (!ShouldProcess($"Import {target}: {summary}.", $"Apply this plan to {target}? {summary}.", "Import-LcOrgConfig") && !WhatIfRequested)
                return;
            foreach (var change in plan)
            {
                if (change.Action == "Extra" || refused.Contains(change)) continue;
                var differences = change.Action == "Change" ? change.Differences() : Array.Empty<ConfigFieldChange>();
                if (!ShouldProcess(InTargetOrganization($"{change.Kind}/{change.Name}"), Describe(change, differences))) continue;
                ForEachItem($"{change.Kind}/{change.Name}", () =>
                {
                    InOrganization(oid, (org, ct) => org.Config.ApplyAsync(change, ct));
                    WriteObject(new OrgConfigChange(change.Kind, change.Name, change.Action, null,
                        differences.Select(d => new OrgConfigFieldChange(d.Field, d.Before, d.After)).ToArray(), connection.ResolveOrganization(oid)));
                });
            }
        }

        private static string Summary(IReadOnlyCollection<ConfigChange> plan, int desiredCount, IReadOnlyCollection<ConfigChange> refused)
        {
            int Count(string action) => plan.Count(c => c.Action == action);
            var unchanged = desiredCount - Count("Add") - Count("Change");
            int Refused(string action) => refused.Count(c => c.Action == action);
            return $"{Count("Add") - Refused("Add")} to add, {Count("Change") - Refused("Change")} to change" +
                   (refused.Count > 0 ? $" ({refused.Count} refused)" : string.Empty) +
                   $", {Count("Remove")} to remove, {unchanged} unchanged, " +
                   $"{Count("Extra")} kept (in the organization, not in the source; -Prune removes them)";
        }

        private static string Describe(ConfigChange change, IReadOnlyList<ConfigFieldChange> differences)
        {
            var text = change.Action;
            if (change.LostSecrets.Count > 0)
                text += $" (recreates the output WITHOUT its secret settings {string.Join(", ", change.LostSecrets)}, as -Force asks)";
            if (differences.Count > 0)
                text += ": " + string.Join("; ", differences.Select(d => new OrgConfigFieldChange(d.Field, d.Before, d.After).ToString()));
            return text;
        }

        private static LcConfigurationException SecretsWouldBeLost(ConfigChange change)
        {
            if (change.Kind == OrgConfigApi.OrgValueKind)
                return new LcConfigurationException(
                    $"The org value '{change.Name}' was not created: the source names it without its value (Export-LcOrgConfig leaves secrets out).",
                    ErrorIds.SecretSettingsMissing,
                    $"Set it with Set-LcOrgValue -Name {change.Name}, or give its value in the source (Export-LcOrgConfig -IncludeSecret writes it).");
            var names = string.Join(", ", change.LostSecrets);
            var example = string.Join("; ", change.LostSecrets.Select(n => $"{n} = (Read-Host -AsSecureString)"));
            return new LcConfigurationException(
                $"The output '{change.Name}' was not changed: changing it recreates it, and its secret settings {names} would be lost " +
                "(the source does not have them; Export-LcOrgConfig leaves secrets out).",
                ErrorIds.SecretSettingsMissing,
                $"Give them with -OutputSecret @{{ '{change.Name}' = @{{ {example} }} }}, or under 'fields:' in the output's file, " +
                "or use -Force to recreate the output without them.");
        }

        /// <summary>The folder's outputs with the secret settings given in -OutputSecret.</summary>
        private List<ConfigItem> WithOutputSecrets(List<ConfigItem> items)
        {
            if (OutputSecret is null || OutputSecret.Count == 0) return items;
            var byName = new Dictionary<string, List<KeyValuePair<string, SecureString>>>(StringComparer.Ordinal);
            foreach (DictionaryEntry entry in OutputSecret)
            {
                var output = entry.Key?.ToString() ?? string.Empty;
                if (PSObject.AsPSObject(entry.Value).BaseObject is not IDictionary settings)
                    throw new LcConfigurationException($"-OutputSecret['{output}'] is not a hashtable of settings.", ErrorIds.InvalidArgument,
                        "Give @{ '<output name>' = @{ <setting> = <SecureString> } }.");
                var secrets = new List<KeyValuePair<string, SecureString>>();
                foreach (DictionaryEntry setting in settings)
                {
                    var value = PSObject.AsPSObject(setting.Value).BaseObject switch
                    {
                        SecureString secure => secure,
                        string plain => ApiCredential.Secure(plain),
                        _ => throw new LcConfigurationException($"-OutputSecret['{output}']['{setting.Key}'] is neither a SecureString nor text.",
                            ErrorIds.InvalidArgument, "Give a SecureString, e.g. (Read-Host -AsSecureString)."),
                    };
                    secrets.Add(new(setting.Key?.ToString() ?? string.Empty, value));
                }
                byName[output] = secrets;
            }
            foreach (var missing in byName.Keys.Where(n => !items.Any(i => i.IsOutput && i.Name == n)))
                Warn($"-OutputSecret names the output '{missing}', which the source does not have; its settings were not used.");
            return items.Select(i => i.IsOutput && byName.TryGetValue(i.Name, out var s) ? i.WithSecrets(s) : i).ToList();
        }
    }
}
