using System;
using System.Management.Automation;
using LimaCharlie.Client.Api;
using LimaCharlie.PowerShell.Completers;
using LimaCharlie.PowerShell.Infrastructure;

namespace LimaCharlie.PowerShell.Cmdlets.ApiKeys
{
    /// <summary>
    /// Creates an organization API key with chosen permissions (<c>POST /v1/orgs/{oid}/keys</c>). The secret is shown
    /// this once: a SecureString, or a string with -AsPlainText.
    /// </summary>
    [Cmdlet(VerbsCommon.New, "LcApiKey", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
    [OutputType(typeof(NewApiKey))]
    public sealed class NewLcApiKeyCommand : LcOrganizationCmdlet
    {
        [Parameter(Mandatory = true, Position = 0)]
        [ValidateNotNullOrEmpty]
        [ValidatePlainText]
        public string Name { get; set; } = string.Empty;

        [Parameter(Mandatory = true, Position = 1)]
        [ValidateNotNullOrEmpty]
        [ArgumentCompleter(typeof(PermissionCompleter))]
        [ValidatePlainText]
        public string[] Permission { get; set; } = Array.Empty<string>();

        [Parameter]
        [ValidateCidr]
        public string? AllowedIpRange { get; set; }

        /// <summary>Returns the secret as a plain string (for a vault or another tool) instead of a SecureString.</summary>
        [Parameter]
        public SwitchParameter AsPlainText { get; set; }

        protected override object? ErrorTarget => Name;

        protected override void OnProcess()
        {
            var connection = Connection;
            var oid = connection.ResolveOrganization(Organization);
            var permissions = PermissionCheck.Normalize(this, Permission);
            if (!ShouldProcess(InTargetOrganization($"API key '{Name}'"), $"Create with {string.Join(", ", permissions)}")) return;
            var range = AllowedIpRange;
            var key = InOrganization(oid, (org, ct) => org.ApiKeys.CreateAsync(Name, permissions, range, AsPlainText, ct));
            var store = AsPlainText ? "-Secret" : "-SecureStringSecret";
            var notice = $"The secret of API key '{Name}' is shown only this once, in the output's .Secret: keep the output " +
                $"($key = New-LcApiKey ...) and store it now, e.g. Set-Secret '{Name}' {store} $key.Secret. " +
                "A lost secret cannot be read again: remove the key and create another.";
            Warn(notice);
            WriteObject(key);
        }
    }
}
