using System;
using System.Management.Automation;
using LimaCharlie.Client.Api;
using LimaCharlie.PowerShell.Completers;
using LimaCharlie.PowerShell.Infrastructure;

namespace LimaCharlie.PowerShell.Cmdlets.InstallationKeys
{
    /// <summary>Gets the organization's installation keys (<c>GET /v1/installationkeys/{oid}</c>), or the ones named.</summary>
    [Cmdlet(VerbsCommon.Get, "LcInstallationKey")]
    [OutputType(typeof(InstallationKey))]
    public sealed class GetLcInstallationKeyCommand : LcOrganizationCmdlet
    {
        [Parameter(Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
        [Alias("iid")]
        [ArgumentCompleter(typeof(InstallationKeyCompleter))]
        [GuidList]
        public Guid[]? InstallationKeyId { get; set; }

        protected override void OnProcess()
        {
            var connection = Connection;
            var oid = Organization;
            if (InstallationKeyId is null || InstallationKeyId.Length == 0)
            {
                WriteObject(Await((log, ct) => InstallationKeyApi.ListAsync(connection, oid, log, ct)), enumerateCollection: true);
                return;
            }
            foreach (var iid in InstallationKeyId)
                ForEachItem(iid, () => WriteObject(Await((log, ct) => InstallationKeyApi.GetAsync(connection, oid, iid, log, ct))));
        }
    }
}
