using System;
using System.Management.Automation;
using LimaCharlie.Client.Api;
using LimaCharlie.PowerShell.Completers;
using LimaCharlie.PowerShell.Infrastructure;

namespace LimaCharlie.PowerShell.Cmdlets.ApiKeys
{
    /// <summary>Deletes organization API keys by hash (<c>DELETE /v1/orgs/{oid}/keys</c>): they can no longer get tokens.</summary>
    [Cmdlet(VerbsCommon.Remove, "LcApiKey", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.High)]
    [OutputType(typeof(void))]
    public sealed class RemoveLcApiKeyCommand : LcOrganizationCmdlet
    {
        [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
        [ValidateNotNullOrEmpty]
        [ArgumentCompleter(typeof(ApiKeyCompleter))]
        [ValidatePlainText]
        public string[] KeyHash { get; set; } = Array.Empty<string>();

        /// <summary>Skips the confirmation prompt (not -WhatIf).</summary>
        [Parameter]
        public SwitchParameter Force { get; set; }

        protected override void OnProcess()
        {
            var connection = Connection;
            var oid = connection.ResolveOrganization(Organization);
            RemoveEach(KeyHash, Force, hash => InTargetOrganization($"API key {hash}"), "Delete the API key (it can no longer get tokens)",
                (hash, log, ct) => connection.Organization(oid, log).ApiKeys.DeleteAsync(hash, ct));
        }
    }
}
