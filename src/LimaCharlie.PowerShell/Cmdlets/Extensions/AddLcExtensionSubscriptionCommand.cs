using System;
using System.Management.Automation;
using LimaCharlie.Client.Api;
using LimaCharlie.PowerShell.Completers;
using LimaCharlie.PowerShell.Infrastructure;

namespace LimaCharlie.PowerShell.Cmdlets.Extensions
{
    /// <summary>Subscribes the organization to extensions (<c>POST /v1/orgs/{oid}/subscription/extension/{name}</c>).</summary>
    [Cmdlet(VerbsCommon.Add, "LcExtensionSubscription", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
    [OutputType(typeof(void))]
    public sealed class AddLcExtensionSubscriptionCommand : LcOrganizationCmdlet
    {
        [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
        [ValidateNotNullOrEmpty]
        [ArgumentCompleter(typeof(ExtensionNameCompleter))]
        [ValidatePlainText]
        public string[] Name { get; set; } = Array.Empty<string>();

        protected override void OnProcess()
        {
            var connection = Connection;
            var oid = connection.ResolveOrganization(Organization);
            foreach (var name in Name)
            {
                if (!ShouldProcess($"organization {oid}", $"Subscribe to extension {name}")) continue;
                ForEachItem(name, () => InOrganization(oid, (org, ct) => org.Extensions.SubscribeAsync(name, ct)));
            }
        }
    }
}
