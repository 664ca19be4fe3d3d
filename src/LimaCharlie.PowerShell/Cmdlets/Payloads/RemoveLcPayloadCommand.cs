using System;
using System.Management.Automation;
using LimaCharlie.Client.Api;
using LimaCharlie.PowerShell.Completers;
using LimaCharlie.PowerShell.Infrastructure;

namespace LimaCharlie.PowerShell.Cmdlets.Payloads
{
    /// <summary>Deletes payloads (<c>DELETE /v1/payload/{oid}/{name}</c>).</summary>
    [Cmdlet(VerbsCommon.Remove, "LcPayload", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.High)]
    [OutputType(typeof(void))]
    public sealed class RemoveLcPayloadCommand : LcOrganizationCmdlet
    {
        [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
        [ValidateNotNullOrEmpty]
        [ArgumentCompleter(typeof(PayloadNameCompleter))]
        [ValidatePlainText]
        public string[] Name { get; set; } = Array.Empty<string>();

        /// <summary>Skips the confirmation prompt (not -WhatIf).</summary>
        [Parameter]
        public SwitchParameter Force { get; set; }

        protected override void OnProcess()
        {
            var connection = Connection;
            var oid = Organization;
            RemoveEach(Name, Force, name => $"payload '{name}'", "Delete",
                (name, log, ct) => connection.Organization(oid, log).Payloads.DeleteAsync(name, ct));
        }
    }
}
