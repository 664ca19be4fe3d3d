using System;
using System.Management.Automation;
using LimaCharlie.Client.Api;
using LimaCharlie.PowerShell.Completers;
using LimaCharlie.PowerShell.Infrastructure;

namespace LimaCharlie.PowerShell.Cmdlets.Outputs
{
    /// <summary>Deletes outputs (<c>DELETE /v1/outputs/{oid}</c>).</summary>
    [Cmdlet(VerbsCommon.Remove, "LcOutput", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.High)]
    [OutputType(typeof(void))]
    public sealed class RemoveLcOutputCommand : LcOrganizationCmdlet
    {
        [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
        [ValidateNotNullOrEmpty]
        [ArgumentCompleter(typeof(OutputNameCompleter))]
        [ValidatePlainText]
        public string[] Name { get; set; } = Array.Empty<string>();

        /// <summary>Skips the confirmation prompt (not -WhatIf).</summary>
        [Parameter]
        public SwitchParameter Force { get; set; }

        protected override void OnProcess()
        {
            var connection = Connection;
            var oid = Organization;
            RemoveEach(Name, Force, name => InTargetOrganization($"output '{name}'"), "Delete",
                (name, log, ct) => connection.Organization(oid, log).Outputs.DeleteAsync(name, ct));
        }
    }
}
