using System;
using System.Linq;
using System.Management.Automation;
using LimaCharlie.Client.Api;
using LimaCharlie.PowerShell.Completers;
using LimaCharlie.PowerShell.Infrastructure;

namespace LimaCharlie.PowerShell.Cmdlets.Extensions
{
    /// <summary>Gets the extensions available to the organization, each marked with whether the organization is subscribed.</summary>
    [Cmdlet(VerbsCommon.Get, "LcExtension")]
    [OutputType(typeof(Extension))]
    public sealed class GetLcExtensionCommand : LcOrganizationCmdlet
    {
        /// <summary>Only the extensions whose name matches one of these (wildcards allowed).</summary>
        [Parameter(Position = 0)]
        [SupportsWildcards]
        [ValidateNotNullOrEmpty]
        [ArgumentCompleter(typeof(ExtensionNameCompleter))]
        [ValidatePlainText]
        public string[]? Name { get; set; }

        /// <summary>Only the extensions the organization is subscribed to.</summary>
        [Parameter]
        public SwitchParameter Subscribed { get; set; }

        protected override void OnProcess()
        {
            var oid = Organization;
            var patterns = Name?.Select(n => WildcardPattern.Get(n, WildcardOptions.IgnoreCase)).ToArray();
            var extensions = InOrganization(oid, (org, ct) => org.Extensions.ListAsync(ct));
            foreach (var extension in extensions)
            {
                if (Subscribed && !extension.Subscribed) continue;
                if (patterns is not null && !patterns.Any(p => p.IsMatch(extension.Name))) continue;
                WriteObject(extension);
            }
            if (Name is null) return;
            foreach (var name in Name.Where(n => !WildcardPattern.ContainsWildcardCharacters(n)))
            {
                if (extensions.Any(e => string.Equals(e.Name, name, StringComparison.OrdinalIgnoreCase))) continue;
                WriteError(ErrorRecords.Of(new ItemNotFoundException($"There is no extension named '{name}'."), ErrorIds.ExtensionNotFound, name));
            }
        }
    }
}
