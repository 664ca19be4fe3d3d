using System;
using System.Management.Automation;
using LimaCharlie.Client.Api;
using LimaCharlie.PowerShell.Completers;
using LimaCharlie.PowerShell.Infrastructure;

namespace LimaCharlie.PowerShell.Cmdlets.Extensions
{
    /// <summary>Unsubscribes the organization from extensions (<c>DELETE /v1/orgs/{oid}/subscription/extension/{name}</c>).</summary>
    [Cmdlet(VerbsCommon.Remove, "LcExtensionSubscription", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.High)]
    [OutputType(typeof(void))]
    public sealed class RemoveLcExtensionSubscriptionCommand : LcOrganizationCmdlet
    {
        [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
        [ValidateNotNullOrEmpty]
        [ArgumentCompleter(typeof(ExtensionNameCompleter))]
        [ValidatePlainText]
        public string[] Name { get; set; } = Array.Empty<string>();

        /// <summary>Skips the confirmation prompt (not -WhatIf).</summary>
        [Parameter]
        public SwitchParameter Force { get; set; }

        protected override void OnProcess()
        {
            var connection = Connection;
            var oid = connection.ResolveOrganization(Organization);
            RemoveEach(Name, Force, name => InTargetOrganization($"extension {name}"), "Unsubscribe (the extension stops working for the organization)",
                (name, log, ct) => connection.Organization(oid, log).Extensions.UnsubscribeAsync(name, ct));
        }
    }
}
